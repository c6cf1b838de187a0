// Records fixtures/corpus: real monorepos rebuilt from the registry (fixtures/corpus/monorepos.json), and the
// packuments constrain and npm's Arborist read while resolving them (registry.json.gz, recorded form).
// A monorepo is every package its seeds reach, through any dependency field, whose published manifest names the
// monorepo's repository, each at the newest version its range allows as of the monorepo's `before` date (its release:
// both tools then resolve with the registry as of that date); each becomes a workspace with the package.json
// fields it was published with (dependencies of every kind, peerDependenciesMeta, engines).
// Usage: npm run build && node scripts/record-corpus.mjs [--only NAME,NAME]
// Needs the npm registry (npm_config_registry, or registry.npmjs.org).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { configYaml, runCases, verdict } from './differential-runner.mjs';
import { lockProblems, lockWith, MANAGER_NAMES } from './lock-with.mjs';
import { packumentUrl, readRecorded, recordingProxy, writeRecorded } from './recorded-registry.mjs';

const DIR = new URL('../fixtures/corpus/', import.meta.url).pathname;
const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'engines'];
const upstream = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;

const docs = new Map();
async function packument(name) {
  if (!docs.has(name)) {
    const url = packumentUrl(upstream, name);
    docs.set(
      name,
      fetch(url, { headers: { accept: 'application/json' } }).then((r) => (r.ok ? r.json() : null)),
    );
  }
  return docs.get(name);
}

const repoOf = (m) => {
  const raw = typeof m.repository === 'string' ? m.repository : m.repository?.url;
  return raw ? raw.replace(/^(git\+)?(https?|git|ssh):\/\/(git@)?/, '').replace(/^github:/, 'github.com/').replace(/\.git$/, '').toLowerCase() : undefined;
};

const STALE_MS = 365 * 24 * 3_600_000;

/** The newest stable version in range published by `before` (the monorepo's release date). */
function pick(doc, range, before) {
  const limit = Date.parse(before);
  const versions = Object.keys(doc.versions ?? {}).filter((v) => !semver.prerelease(v) && Date.parse(doc.time?.[v] ?? '') <= limit);
  return semver.maxSatisfying(versions, range);
}

// a name published only as a placeholder (0.0.0) for a range of the monorepo's own release is a private workspace too
const publishedFits = (doc, spec, before) =>
  doc !== null && (!semver.validRange(spec) || Object.keys(doc.versions ?? {}).some((v) => semver.satisfies(v, spec) && Date.parse(doc.time?.[v] ?? '') <= Date.parse(before)));

/** The monorepo's workspaces: directory → manifest, reached from the seeds. */
async function rebuild(mono) {
  // the release: the first seed's newest version by `before`, and an hour for the rest of it to be published
  const first = await packument(mono.seeds[0]);
  const released = Date.parse(first.time[pick(first, mono.range, mono.before)]);
  mono.before = new Date(released + 3_600_000).toISOString();
  const members = new Map();
  const queue = [...mono.seeds];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const batch = queue.splice(0, 16);
    for (const [name, doc] of await Promise.all(batch.map(async (n) => [n, await packument(n)]))) {
      if (!doc) continue;
      const version = pick(doc, mono.range, mono.before);
      const m = version ? doc.versions[version] : undefined;
      if (!m || repoOf(m) !== mono.repository) continue;
      // a package not released for a year before the release has left the monorepo (archived, or moved out)
      if (Date.parse(doc.time[version]) < Date.parse(mono.before) - STALE_MS) continue;
      const manifest = { name, version };
      for (const f of FIELDS) if (m[f] && Object.keys(m[f]).length > 0) manifest[f] = m[f];
      members.set(name, manifest);
      for (const f of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'])
        for (const dep of Object.keys(m[f] ?? {}))
          if (!seen.has(dep)) {
            seen.add(dep);
            queue.push(dep);
          }
    }
  }
  // a member a sibling requires at a version it is not, while the registry has that version, has left the monorepo:
  // the sibling depends on the published copy (babel's preset-env on plugin-proposal-private-property-in-object)
  for (const manifest of [...members.values()])
    for (const f of ['dependencies', 'devDependencies', 'optionalDependencies'])
      for (const [dep, spec] of Object.entries(manifest[f] ?? {})) {
        const other = members.get(dep);
        if (other && semver.validRange(spec) && !semver.satisfies(other.version, spec) && publishedFits(await packument(dep), spec, mono.before)) members.delete(dep);
      }
  // a name the members require that the registry does not have is one of the monorepo's private workspaces (test
  // helpers, docs): it stands as a workspace of its own, at the lowest version the first range admits, without deps
  for (const manifest of [...members.values()])
    for (const f of ['dependencies', 'devDependencies', 'optionalDependencies'])
      for (const [dep, spec] of Object.entries(manifest[f] ?? {}))
        if ((!members.has(dep) || !semver.satisfies(members.get(dep).version, spec)) && !publishedFits(await packument(dep), spec, mono.before))
          members.set(dep, { name: dep, version: semver.validRange(spec) ? semver.minVersion(spec).version : '0.0.0', private: true });
  return new Map([...members].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, m]) => [name.replace('@', '').replace('/', '__'), m]));
}

const { monorepos } = JSON.parse(readFileSync(join(DIR, 'monorepos.json'), 'utf8'));
const selected = only ? monorepos.filter((m) => only.includes(m.name)) : monorepos;
const cases = [];
for (const mono of selected) {
  const manifests = await rebuild(mono);
  const root = join(DIR, mono.name);
  rmSync(root, { recursive: true, force: true });
  for (const [dir, manifest] of manifests) {
    mkdirSync(join(root, 'packages', dir), { recursive: true });
    writeFileSync(join(root, 'packages', dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: `corpus-${mono.name}`, private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  // when it was rebuilt as of: the replay resolves with the registry as of the same moment
  writeFileSync(join(root, 'release.json'), `${JSON.stringify({ repository: mono.repository, tool: mono.tool, before: mono.before }, null, 2)}\n`);
  // the monorepo's own choices, as its platform team would write them when adopting constrain
  if (mono.config) writeFileSync(join(root, 'constrain.config.yaml'), configYaml(mono.config));
  console.log(`${mono.name}: ${manifests.size} workspaces`);
  cases.push({ name: mono.name, kind: 'corpus', manifests: Object.fromEntries(manifests), ...(mono.config ? { config: mono.config } : {}), ...(mono.intended ? { intended: mono.intended } : {}), before: mono.before });
}

const file = join(DIR, 'registry.json.gz');
const recorded = only && existsSync(file) ? readRecorded(file) : {};
const proxy = await recordingProxy(upstream, recorded);
try {
  const cache = mkdtempSync(join(tmpdir(), 'constrain-corpus-cache-'));
  for (const r of await runCases(cases, proxy.url, cache, 2)) {
    const v = verdict(r);
    console.log(`${r.name}: constrain ${v.constrain}, npm ${v.npm}, ${v.agree}, ${r.pins?.size ?? 0} pins${v.problems.length ? `\n  ${v.problems.slice(0, 20).join('\n  ')}` : ''}`);
    if (r.generate.status !== 0) console.log(r.generate.stderr || JSON.stringify(r.generate.json)?.slice(0, 2000));
  }
} finally {
  await proxy.close();
}
// each package manager's run is recorded too, with the registry as of the monorepo's moment: constrain resolves
// the family as that manager's (yarn fetches bundled dependencies), and the manager asks for what it reads
for (const c of cases) {
  const asOf = await recordingProxy(upstream, recorded, c.before);
  try {
    for (const manager of MANAGER_NAMES) {
      const problems = lockProblems(await lockWith(manager, c, asOf.url, mkdtempSync(join(tmpdir(), `constrain-corpus-${manager}-`))));
      console.log(`${c.name}: ${manager} ${problems.length ? `\n  ${problems.slice(0, 20).join('\n  ')}` : 'locks exactly the pins'}`);
    }
  } finally {
    await asOf.close();
  }
}
writeRecorded(file, recorded);
console.log(`${Object.keys(recorded).length} packuments recorded in ${file}`);
