// Records scripts/scale-popular.json, the largest workspace of `npm run bench`: the most downloaded packages of a
// ranked list, with `^` of their latest version, leaving out what would make the set fight itself: packages whose
// latest version has peer dependencies, packages that are peers of others, deprecated ones and @types.
// Usage: node scripts/record-scale-popular.mjs RANKED.tsv [N] [--exclude a,b,c]
//   RANKED.tsv: name <TAB> version <TAB> downloads a month (a header line is skipped); N: how many to read (5000);
//   --exclude: names to leave out: packages whose closure needs versions the registry does not serve, or that
//   cannot be installed with the rest (mjml 5 needs cssnano 7 beside an htmlnano whose peer is cssnano 8;
//   pac-proxy-agent 9.1.1 pins pac-resolver 9.0.2, whose peer quickjs-wasi 3 the Applitools tunnel's 2 refuses;
//   @atlaskit/pragmatic-drag-and-drop-flourish installs @atlaskit/browser-apis, whose peer react ^18 meets the react
//   19 that @atlaskit/motion installs beside itself for @oclif/table's sake: docs/resolver.md, "Peers of a nested package")
// Needs the npm registry (pacote, through npm's cache: npm_config_cache or ~/.npm).
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pacote from 'pacote';

const argv = process.argv.slice(2);
const ex = argv.indexOf('--exclude');
const excluded = new Set(ex >= 0 ? argv.splice(ex, 2)[1].split(',') : []);
const [file, count = '5000'] = argv;
const cache = join(process.env.npm_config_cache ?? join(homedir(), '.npm'), '_cacache');
if (!file) {
  console.error('usage: node scripts/record-scale-popular.mjs RANKED.tsv [N]');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split('\t'))
  .filter((r) => /^\d+$/.test(r[2] ?? '') && /^\d+\.\d+\.\d+$/.test(r[1] ?? ''))
  .sort((a, b) => Number(b[2]) - Number(a[2]))
  .slice(0, Number(count));
const latest = new Map();
let next = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < rows.length) {
      const [name] = rows[next++];
      try {
        const p = await pacote.packument(name, { cache, fullMetadata: true, preferOffline: true });
        const v = p['dist-tags']?.latest;
        const m = v ? p.versions[v] : undefined;
        if (m) latest.set(name, { version: v, peers: Object.keys(m.peerDependencies ?? {}), deprecated: Boolean(m.deprecated) });
      } catch {
        // unpublished or unreachable: left out
      }
    }
  }),
);
const peerTargets = new Set([...latest.values()].flatMap((m) => m.peers));
const packages = rows
  .map(([name]) => name)
  .filter((name) => {
    const m = latest.get(name);
    return m && m.peers.length === 0 && !m.deprecated && !peerTargets.has(name) && !name.startsWith('@types/') && !excluded.has(name);
  })
  .map((name) => [name, `^${latest.get(name).version}`]);
writeFileSync(new URL('./scale-popular.json', import.meta.url), `${JSON.stringify({ recorded: new Date().toISOString().slice(0, 10), source: 'the most downloaded packages, ranked by monthly downloads', excluded: [...excluded].sort(), packages }, null, 1)}\n`);
console.log(`${packages.length} of ${rows.length} packages kept`);
