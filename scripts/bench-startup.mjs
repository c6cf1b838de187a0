// Cold start of the single-file bundle against the unbundled package: `--version` and `check` on the demo,
// measured with /usr/bin/time (wall seconds and max RSS), median of N runs each.
// Usage: npm run bench:startup
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const N = 11;
const targets = { package: resolve(root, 'dist/cli/main.js'), bundle: resolve(root, 'dist/bundle/constrain.mjs') };
const cases = {
  '--version': ['--version'],
  'check (demo)': ['check', '--cwd', 'fixtures/demo', '--registry', 'file:fixtures/demo-registry.json', '--quiet'],
  // loads @npmcli/arborist: hundreds of files unbundled
  'check --lockfile': ['check', '--cwd', 'fixtures/lockfiles/npm', '--registry', 'file:fixtures/demo-registry.json', '--lockfile', 'package-lock.json', '--quiet'],
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`${'command'.padEnd(18)} ${'build'.padEnd(8)} ${'wall ms'.padStart(8)} ${'max rss MB'.padStart(11)}`);
for (const [label, args] of Object.entries(cases)) {
  for (const [name, file] of Object.entries(targets)) {
    const walls = [];
    const rss = [];
    for (let i = 0; i < N; i++) {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, file, ...args], { cwd: root, encoding: 'utf8' });
      const [wall, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
      walls.push(wall * 1000);
      rss.push(kb / 1024);
    }
    console.log(`${label.padEnd(18)} ${name.padEnd(8)} ${median(walls).toFixed(0).padStart(8)} ${median(rss).toFixed(0).padStart(11)}`);
  }
}
