// Resolver benchmark: synthetic worst cases for naive backtracking, then a realistic closure against the live
// registry (generate, then check on the generated pins). Prints time, decisions, conflicts and peak memory.
// Usage: npm run bench:resolver   (the realistic part needs the npm registry; --synthetic-only skips it)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resourceUsage } from 'node:process';
import { renderDerivation } from '../dist/report/derivation.js';
import { solveTable } from '../dist/solver/table-provider.js';
import { writeBenchWorkspace } from './bench-workspace.mjs';

const BIN = resolve(import.meta.dirname, '../dist/cli/main.js');

function time(fn) {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return { r, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** A chain p0 → p1 → … → p{depth-1}, every level with `width` versions, the last level's dependency missing. */
function chainMissing(depth, width) {
  const table = {};
  for (let i = 0; i < depth; i++) {
    table[`p${i}`] = {};
    for (let v = 1; v <= width; v++) table[`p${i}`][`${v}.0.0`] = i + 1 < depth ? { [`p${i + 1}`]: '*' } : { missing: '^1.0.0' };
  }
  return { table, root: { p0: '*' } };
}

/** Deep trap: k packages with `width` versions each; only their oldest versions share a usable `base`. */
function deepTrap(k, width) {
  const table = { base: {} };
  for (let v = 1; v <= width; v++) table.base[`${v}.0.0`] = {};
  for (let j = 0; j < k; j++) {
    table[`t${j}`] = {};
    for (let v = 1; v <= width; v++) table[`t${j}`][`${v}.0.0`] = { base: `${v}.0.0`, [`t${(j + 1) % k}`]: '*' };
  }
  const root = { base: '1.0.0' };
  for (let j = 0; j < k; j++) root[`t${j}`] = '*';
  return { table, root };
}

/** Diamond of conflicts: a and b each have many versions; only a@1 and b@1 agree on `shared`. */
function diamond(width) {
  const table = { a: {}, b: {}, shared: {} };
  for (let v = 1; v <= width; v++) {
    table.shared[`${v}.0.0`] = {};
    table.a[`${v}.0.0`] = { shared: `>=${v}.0.0` };
    table.b[`${v}.0.0`] = { shared: `<=${width - v + 1}.0.0 <2.0.0` };
  }
  return { table, root: { a: '*', b: '*' } };
}

const rows = [];
for (const [name, problem] of [
  ['chain of depth 25, last level missing (10 versions each)', chainMissing(25, 10)],
  ['chain of depth 30, last level missing (20 versions each)', chainMissing(30, 20)],
  ['deep trap: 12 packages x 40 versions, only the oldest combination works', deepTrap(12, 40)],
  ['diamond: 200 versions each, only the oldest pair agrees', diamond(200)],
]) {
  // a failure counts with its explanation in words, as users get it
  const { r, ms } = time(() => {
    const out = solveTable(problem.table, problem.root);
    return out.ok ? out : { ...out, explanation: renderDerivation(out.derivation, 'root') };
  });
  rows.push([name, r.ok ? 'solved' : r.explanation ? 'no solution (explained)' : 'no solution (NO EXPLANATION)', ms.toFixed(1), r.stats.decisions, r.stats.conflicts]);
}
console.log('synthetic cases');
console.log(`${'case'.padEnd(74)} ${'result'.padEnd(24)} ${'ms'.padStart(8)} ${'decisions'.padStart(10)} ${'conflicts'.padStart(10)}`);
for (const [n, res, ms, d, c] of rows) console.log(`${n.padEnd(74)} ${res.padEnd(24)} ${ms.padStart(8)} ${String(d).padStart(10)} ${String(c).padStart(10)}`);
console.log(`peak memory (rss): ${(resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

if (!process.argv.includes('--synthetic-only')) {
  const dir = mkdtempSync(join(tmpdir(), 'constrain-bench-resolver-'));
  writeBenchWorkspace(dir);
  const env = { ...process.env };
  const run = (args) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args, '--cwd', dir], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const rssKb = Number(r.stderr.trim().split('\n').at(-1));
    return { r, ms, rssMb: rssKb / 1024 };
  };
  console.log(`\nrealistic workspace: ${dir} (express, commander, semver, yaml, zod, chalk; react, react-dom, @tanstack/react-query; typescript, eslint, vitest)`);
  const gen = run(['generate', '--write', '--verbose']);
  if (gen.r.status !== 0) {
    console.log(gen.r.stdout, gen.r.stderr);
    process.exit(1);
  }
  const stats = JSON.parse(/resolver: (.*)/.exec(gen.r.stderr)?.[1] ?? '{}');
  console.log(`generate (cold metadata, live registry): ${gen.ms.toFixed(0)} ms, ${stats.decisions} decisions, ${stats.conflicts} conflicts, ${stats.rounds} fetch rounds, ${stats.packuments} packuments, peak rss ${gen.rssMb.toFixed(0)} MB`);
  console.log(`  ${gen.r.stdout.trim().split('\n').at(-1)}`);
  const warm = run(['generate', '--verbose']);
  const wstats = JSON.parse(/resolver: (.*)/.exec(warm.r.stderr)?.[1] ?? '{}');
  console.log(`generate (warm): ${warm.ms.toFixed(0)} ms, ${wstats.decisions} decisions, ${wstats.conflicts} conflicts, peak rss ${warm.rssMb.toFixed(0)} MB`);
  const chk = run(['check']);
  console.log(`check on the generated pins: exit ${chk.r.status}, ${chk.ms.toFixed(0)} ms`);
  console.log(`  ${chk.r.stdout.trim().split('\n').at(-1)}`);
  if (chk.r.status !== 0) console.log(chk.r.stdout);
}
