// Benchmark: cold and warm `constrain check` on a real workspace of a few hundred packages against the live
// registry, side by side with `npm install --package-lock-only --prefer-offline` on the same workspace and cache.
// Usage: npm run bench   (needs the npm registry; prints a table)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { constraintsFromLock, writeBenchWorkspace } from './bench-workspace.mjs';

const BIN = resolve(import.meta.dirname, '../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'constrain-bench-'));
const cache = join(dir, '.cache');
const env = { ...process.env, npm_config_cache: cache, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function timed(label, cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !opts.allowFail) {
    console.error(`${label} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  return { ms, r };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

writeBenchWorkspace(dir, { workspaceProtocol: false });
console.log(`workspace: ${dir}`);
timed('npm lock', 'npm', ['install', '--package-lock-only', '--ignore-scripts']);
const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
mkdirSync(join(dir, 'constraints'), { recursive: true });
writeFileSync(join(dir, 'constraints/constraints.yaml'), constraintsFromLock(lock));
const pins = Object.keys(lock.packages).filter((p) => p.includes('node_modules/') && !lock.packages[p].link).length;

const check = ['check', '--format', 'json'];
rmSync(cache, { recursive: true, force: true });
const cold = timed('cold check', process.execPath, [BIN, ...check], { allowFail: true });
const report = JSON.parse(cold.r.stdout);
const warm = [1, 2, 3, 4, 5].map(() => timed('warm check', process.execPath, [BIN, ...check], { allowFail: true }).ms);
const warmOffline = [1, 2, 3, 4, 5].map(() => timed('warm check --prefer-offline', process.execPath, [BIN, ...check, '--prefer-offline'], { allowFail: true }).ms);
// npm, same workspace and the same (now warm) cache: with the lockfile present, and resolving from scratch
const npmWithLock = [1, 2, 3].map(() => timed('npm', 'npm', ['install', '--package-lock-only', '--prefer-offline', '--ignore-scripts']).ms);
const npmFresh = [1, 2, 3].map(() => {
  rmSync(join(dir, 'package-lock.json'), { force: true });
  return timed('npm', 'npm', ['install', '--package-lock-only', '--prefer-offline', '--ignore-scripts']).ms;
});

const rows = [
  ['packages in the install graph', report.summary.packages],
  ['pins (from npm\'s lockfile)', report.summary.pins],
  ['lockfile entries', pins],
  ['check findings (errors/warnings)', `${report.summary.errors}/${report.summary.warnings}`],
  ['cold check (empty cache), ms', cold.ms.toFixed(0)],
  ['warm check, median of 5, ms', median(warm).toFixed(0)],
  ['warm check --prefer-offline, median of 5, ms', median(warmOffline).toFixed(0)],
  ['npm install --package-lock-only --prefer-offline (lockfile present), median of 3, ms', median(npmWithLock).toFixed(0)],
  ['npm install --package-lock-only --prefer-offline (no lockfile), median of 3, ms', median(npmFresh).toFixed(0)],
  ['speed-up, warm check vs npm (lockfile present)', `${(median(npmWithLock) / median(warm)).toFixed(1)}x`],
  ['speed-up, warm check vs npm (no lockfile)', `${(median(npmFresh) / median(warm)).toFixed(1)}x`],
];
for (const [k, v] of rows) console.log(`${String(k).padEnd(84)} ${v}`);
if (report.findings.length) {
  console.log('\nfindings:');
  for (const f of report.findings.slice(0, 15)) console.log(`  ${f.kind} ${f.package}: ${f.message}`);
}
