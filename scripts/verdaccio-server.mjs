// Verdaccio 6 as the integration suites run it: on 127.0.0.1 at a free port, no uplinks, storage in a directory
// of the caller's. `seedRecorded` fills that storage with recorded packuments as the registry stood at one moment,
// each version with a small archive made from its recorded manifest (yarn checksums archives even when it only
// writes its lockfile; nothing here extracts them).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import semver from 'semver';

const VERDACCIO = resolve(import.meta.dirname, '../node_modules/verdaccio/bin/verdaccio');

function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/**
 * Starts Verdaccio with its config and storage under `dir`; `access` lines go under `packages:` (default: anyone
 * reads, an authenticated user publishes). Resolves once it answers its ping; `stop()` ends the process.
 */
export async function startVerdaccio(dir, access = ["'**': { access: $all, publish: $authenticated, unpublish: $authenticated }"]) {
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  mkdirSync(join(dir, 'storage'), { recursive: true });
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'uplinks: {}',
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 100 }`,
      'packages:',
      ...access.map((line) => `  ${line}`),
      'log: { type: stdout, format: pretty, level: fatal }',
      'publish: { allow_offline: true }',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (i === 199) throw new Error('verdaccio did not start');
  }
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return { url, stop };
}

/** A one-file tar (ustar) holding `package/package.json`, gzipped: the same bytes for the same manifest. */
export function archive(manifest) {
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const header = Buffer.alloc(512);
  const field = (offset, length, value) => header.write(value, offset, length, 'ascii');
  const octal = (offset, length, n) => field(offset, length, `${n.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, 'package/package.json');
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, body.length);
  octal(136, 12, 499162500); // npm's fixed archive time, 1985-10-26
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 8, 'ustar\x0000');
  let sum = 0;
  for (const b of header) sum += b;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, body, pad, Buffer.alloc(1024)]), { level: 9 });
}

/** The document as the registry stood at `before`: later versions gone, `latest` the newest stable one left. */
export function asOf(doc, before) {
  if (!before) return doc;
  const cut = new Date(before).getTime();
  const versions = Object.fromEntries(Object.entries(doc.versions).filter(([v]) => doc.time?.[v] && new Date(doc.time[v]).getTime() <= cut));
  if (!Object.keys(versions).length) return undefined;
  const tags = Object.fromEntries(Object.entries(doc['dist-tags'] ?? {}).filter(([, v]) => versions[v]));
  if (!tags.latest) {
    const stable = Object.keys(versions).filter((v) => !semver.prerelease(v));
    tags.latest = semver.rsort(stable.length ? stable : Object.keys(versions))[0];
  }
  const time = Object.fromEntries(Object.entries(doc.time ?? {}).filter(([v]) => versions[v]));
  return { ...doc, 'dist-tags': tags, time, versions };
}

/**
 * Writes `docs` (name → recorded document; null for a name the registry did not have) into Verdaccio's storage as
 * they stood at `before`, each version with its archive and that archive's integrity. Returns the names written.
 */
export function seedRecorded(dir, docs, before) {
  const written = [];
  for (const [name, recorded] of Object.entries(docs)) {
    const doc = recorded && asOf(recorded, before);
    if (!doc) continue;
    const home = join(dir, 'storage', name);
    mkdirSync(home, { recursive: true });
    const file = name.startsWith('@') ? name.split('/')[1] : name;
    const versions = {};
    const attachments = {};
    for (const [v, m] of Object.entries(doc.versions)) {
      const manifest = { name, version: v, ...m };
      const tgz = archive(manifest);
      const tarball = `${file}-${v}.tgz`;
      writeFileSync(join(home, tarball), tgz);
      const shasum = createHash('sha1').update(tgz).digest('hex');
      attachments[tarball] = { shasum };
      versions[v] = { ...manifest, dist: { tarball: `http://verdaccio.invalid/${name}/-/${tarball}`, shasum, integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}` } };
    }
    const stored = { name, versions, 'dist-tags': doc['dist-tags'], time: doc.time, _uplinks: {}, _distfiles: {}, _attachments: attachments, _rev: '1-0' };
    writeFileSync(join(home, 'package.json'), JSON.stringify(stored));
    written.push(name);
  }
  return written;
}
