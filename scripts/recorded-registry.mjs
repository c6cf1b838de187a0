// A registry on loopback that serves recorded packuments (test/differential, the corpus), and the recording proxy
// that makes them: every packument a tool asks for is fetched from the real registry, slimmed to the fields npm and
// constrain resolve with, kept, and served in that form, so the run being recorded sees what a replay will see.

import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { archive, asOf } from './verdaccio-server.mjs';

const VERSION_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bundleDependencies', 'engines', 'os', 'cpu', 'deprecated'];

/**
 * The recorded form of a registry document: dist-tags, publish times, and per version only what resolution reads.
 * Left out: readmes, tarball integrity (served as a placeholder URL; nothing here extracts), `_hasShrinkwrap` (npm
 * would fetch the tarball to read it).
 */
export function recordedDoc(doc) {
  const versions = {};
  for (const [v, m] of Object.entries(doc.versions ?? {})) {
    const kept = {};
    const bundled = m.bundleDependencies ?? m.bundledDependencies;
    for (const f of VERSION_FIELDS) {
      const value = f === 'bundleDependencies' ? bundled : m[f];
      if (value === undefined || value === null || value === false || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) continue;
      if (Array.isArray(value) && value.length === 0) continue;
      kept[f] = value;
    }
    versions[v] = kept;
  }
  const time = {};
  for (const v of Object.keys(versions)) if (doc.time?.[v]) time[v] = doc.time[v];
  return { name: doc.name, 'dist-tags': doc['dist-tags'] ?? {}, time, versions };
}

/** The document as served: npm's shape, each version with its name, version and a tarball URL on this server. */
function served(name, doc, base) {
  const file = name.startsWith('@') ? name.split('/')[1] : name;
  const versions = {};
  for (const [v, m] of Object.entries(doc.versions)) versions[v] = { name, version: v, ...m, dist: { tarball: `${base}${name}/-/${file}-${v}.tgz` } };
  return { ...doc, name, versions };
}

function listen(handler) {
  return new Promise((done) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      done({
        url,
        close: () =>
          new Promise((closed) => {
            server.closeAllConnections();
            server.close(() => closed());
          }),
      });
    });
  });
}

/** What a request asks for: a package's document, or (after "/-/") one of its archives. */
function requestOf(req) {
  const [path, tarball] = (req.url ?? '/').slice(1).split('?')[0].split('/-/');
  return { name: decodeURIComponent(path), tarball };
}

/** Serves `docs` (name → recorded document, or null for a package the registry did not have). Everything else is 404. */
export async function serveRecorded(docs) {
  const requested = new Set();
  const handle = await listen((req, res) => {
    const { name, tarball } = requestOf(req);
    // documents only: an archive asked for is recorded as asked, and not found
    requested.add(tarball ? `${name}/-/${tarball}` : name);
    const doc = tarball ? undefined : docs[name];
    if (!doc) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(served(name, doc, handle.url)));
  });
  return { ...handle, requested };
}

/** Where a registry serves a package's document: the scope's @ kept, the rest of the name escaped. */
export function packumentUrl(registry, name) {
  return `${registry.replace(/\/?$/, '/')}${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
}

/**
 * A proxy to `upstream` that records, in `docs`, every packument asked for (null for a 404), in recorded form. With
 * `before`, it serves the registry as of then, and an archive made from the recorded manifest for each version
 * (yarn fetches archives to checksum them), as the replay's Verdaccio does.
 */
export async function recordingProxy(upstream, docs, before = undefined) {
  const pending = new Map();
  const fetchDoc = (name) => {
    // a name already recorded (record-differential --add) is served as recorded
    if (!pending.has(name) && Object.hasOwn(docs, name)) pending.set(name, Promise.resolve(docs[name]));
    if (!pending.has(name)) {
      const url = packumentUrl(upstream, name);
      pending.set(
        name,
        (async () => {
          for (let attempt = 0; ; attempt++) {
            const res = await fetch(url, { headers: { accept: 'application/json' } });
            if (res.status === 404 || res.ok) {
              docs[name] = res.ok ? recordedDoc(await res.json()) : null;
              return docs[name];
            }
            if (attempt === 3) throw new Error(`${url}: HTTP ${res.status}`);
          }
        })(),
      );
    }
    return pending.get(name);
  };
  const handle = await listen(async (req, res) => {
    const { name, tarball } = requestOf(req);
    try {
      const recorded = await fetchDoc(name);
      const doc = recorded && asOf(recorded, before);
      if (tarball) {
        const version = tarball.slice(name.split('/').pop().length + 1, -'.tgz'.length);
        const manifest = doc?.versions[version];
        res.writeHead(manifest ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(manifest ? archive({ name, version, ...manifest }) : undefined);
        return;
      }
      res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
      res.end(doc ? JSON.stringify(served(name, doc, handle.url)) : '{"error":"not found"}');
    } catch (err) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(err) }));
    }
  });
  return handle;
}

/** Recorded documents are kept as one gzipped JSON object, keys sorted, so a re-recording diffs by content. */
export function writeRecorded(file, docs) {
  const sorted = Object.fromEntries(Object.keys(docs).sort().map((k) => [k, docs[k]]));
  writeFileSync(file, gzipSync(`${JSON.stringify(sorted)}\n`, { level: 9 }));
}

export function readRecorded(file) {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
}
