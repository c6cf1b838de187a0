// Benchmark at scale: workspaces whose closures hold about 300, 1,000, 3,000 and 10,000 packuments
// (scripts/scale-workspaces.mjs), each timed cold and warm for `constrain generate` and warm for `constrain check`,
// side by side with `npm install --package-lock-only` (no lockfile, and with its lockfile) and
// `pnpm install --lockfile-only` on the same workspace and cache. Warm runs are interleaved (one of each tool in
// turn, repeated) and reported as medians; peak RSS comes from /usr/bin/time where the machine has it.
// Then families of many members (--members, scripts/scale-workspaces.mjs writeMembersWorkspace): warm `check` as
// kept and after a member's manifest changes, warm `generate`, and npm lock-only, interleaved the same way.
// Usage: npm run bench [-- --sizes 300,3000] [--members 600,3000] [--reps 5] [--no-cold] [--cold-constrain-only]
//                      [--no-warmup] [--readme] [--with FILE]
//   --readme rewrites the table in README.md (between the bench:scale markers); --with FILE adds the rows of an
//   earlier run (the JSON lines it printed on stderr) for sizes this run does not measure (--sizes none: only
//   those). Needs the npm registry.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeMembersWorkspace, writeScaleWorkspace } from './scale-workspaces.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
const PNPM = join(ROOT, 'node_modules/.bin/pnpm');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
// --sizes none measures nothing: with --with and --readme it only rewrites the table from earlier rows
const sizes = option('--sizes', '300,1000,3000,10000').split(',').map(Number).filter((n) => n > 0);
const memberCounts = option('--members', '600,3000').split(',').map(Number).filter((n) => n > 0);
const reps = Number(option('--reps', '5'));
const cold = !flag('--no-cold');
// the largest size: npm takes minutes a run there, so its cold run and a warm-up can be left out
const coldOthers = !flag('--cold-constrain-only');
const warmup = !flag('--no-warmup');

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : undefined;
};

/** Runs a command in dir; returns wall time (ms), peak RSS (MB) and output. A failure is kept, not fatal. */
function run(dir, env, cmd, cmdArgs) {
  const [exe, argv] = TIME ? [TIME, ['-f', '\n@@rss %M', cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, argv, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /@@rss (\d+)\s*$/.exec(r.stderr ?? '');
  return { ms, rss: m ? Number(m[1]) / 1024 : undefined, status: r.status, stdout: r.stdout, stderr: m ? r.stderr.slice(0, m.index) : r.stderr };
}

/** Says on stderr how a run that failed ended (its last lines); a failure is kept, not fatal. */
function note(what, r) {
  if (r.status !== 0) console.error(`  ${what} exited ${r.status}: ${`${r.stdout}\n${r.stderr}`.replace(/Command exited with non-zero status \d+/, '').trim().split('\n').slice(-8).join('\n  ')}`);
}

function toolEnv(cache) {
  return { ...process.env, npm_config_cache: cache, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

const npmLockOnly = ['install', '--package-lock-only', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'];
const pnpmLockOnly = (dir) => ['install', '--lockfile-only', '--prefer-offline', '--ignore-scripts', `--config.cache-dir=${join(dir, '.pnpm-cache')}`, `--config.store-dir=${join(dir, '.pnpm-store')}`];

function benchSize(size) {
  const dir = mkdtempSync(join(tmpdir(), `constrain-scale-${size}-`));
  writeScaleWorkspace(dir, size);
  const cache = join(dir, '.npm-cache');
  const env = toolEnv(cache);
  const row = { size, dir, reps };

  // cold: each tool from an empty cache of its own
  if (cold) {
    const g = run(dir, env, process.execPath, [BIN, 'generate', '--write', '--verbose']);
    note('cold generate', g);
    row.coldGenerate = g.ms;
    row.coldGenerateRss = g.rss;
    const stats = /resolver: (\{.*\})/.exec(g.stderr);
    if (stats) row.packuments = JSON.parse(stats[1]).packuments;
    if (coldOthers) {
      const npmCold = run(dir, toolEnv(join(dir, '.npm-cold')), 'npm', npmLockOnly.filter((a) => a !== '--prefer-offline'));
      note('cold npm', npmCold);
      row.coldNpm = npmCold.status === 0 ? npmCold.ms : undefined;
      rmSync(join(dir, '.npm-cold'), { recursive: true, force: true });
      rmSync(join(dir, 'package-lock.json'), { force: true });
      const pnpmCold = run(dir, env, PNPM, pnpmLockOnly(dir).filter((a) => a !== '--prefer-offline'));
      note('cold pnpm', pnpmCold);
      row.coldPnpm = pnpmCold.status === 0 ? pnpmCold.ms : undefined;
    }
  } else {
    note('generate', run(dir, env, process.execPath, [BIN, 'generate', '--write']));
  }

  // warm: npm and pnpm once more to fill what they read beyond constrain's closure, and the lockfile npm re-validates
  rmSync(join(dir, 'pnpm-lock.yaml'), { force: true });
  const lock = join(dir, '.package-lock.saved.json');
  if (warmup) {
    note('npm (warm-up)', run(dir, env, 'npm', npmLockOnly));
    note('pnpm (warm-up)', run(dir, env, PNPM, pnpmLockOnly(dir)));
    if (existsSync(join(dir, 'package-lock.json'))) copyFileSync(join(dir, 'package-lock.json'), lock);
  }
  const checkRun = run(dir, env, process.execPath, [BIN, 'check', '--prefer-offline', '--format', 'json']);
  note('warm check', checkRun);
  const report = JSON.parse(checkRun.stdout || '{}');
  row.packages = report.summary?.packages;
  row.pins = report.summary?.pins;
  row.errors = report.summary?.errors;

  const samples = { check: [], checkRss: [], generate: [], npmFresh: [], npmFreshRss: [], npmLock: [], pnpm: [], pnpmRss: [] };
  for (let i = 0; i < reps; i++) {
    const c = run(dir, env, process.execPath, [BIN, 'check', '--prefer-offline', '--format', 'json']);
    samples.check.push(c.ms);
    samples.checkRss.push(c.rss);
    rmSync(join(dir, 'package-lock.json'), { force: true });
    const nf = run(dir, env, 'npm', npmLockOnly);
    if (nf.status === 0) {
      samples.npmFresh.push(nf.ms);
      samples.npmFreshRss.push(nf.rss);
      if (!existsSync(lock)) copyFileSync(join(dir, 'package-lock.json'), lock);
    } else note('npm', nf);
    if (existsSync(lock)) {
      copyFileSync(lock, join(dir, 'package-lock.json'));
      const nl = run(dir, env, 'npm', npmLockOnly);
      if (nl.status === 0) samples.npmLock.push(nl.ms);
    }
    rmSync(join(dir, 'pnpm-lock.yaml'), { force: true });
    const p = run(dir, env, PNPM, pnpmLockOnly(dir));
    if (p.status !== 0) note('pnpm', p);
    if (p.status === 0) {
      samples.pnpm.push(p.ms);
      samples.pnpmRss.push(p.rss);
    }
    const g = run(dir, env, process.execPath, [BIN, 'generate', '--upgrade', '--prefer-offline']);
    samples.generate.push(g.ms);
  }
  for (const [k, v] of Object.entries(samples)) row[k] = k.endsWith('Rss') ? Math.max(...v.filter((x) => x !== undefined), 0) || undefined : median(v);
  rmSync(dir, { recursive: true, force: true });
  return row;
}

/** A family of `count` members: check kept and recomputed, generate, and npm lock-only, all warm and interleaved. */
function benchMembers(count) {
  const dir = mkdtempSync(join(tmpdir(), `constrain-members-${count}-`));
  writeMembersWorkspace(dir, count);
  const env = toolEnv(join(dir, '.npm-cache'));
  const row = { members: count, reps };
  const g = run(dir, env, process.execPath, [BIN, 'generate', '--write']);
  note('generate', g);
  row.coldGenerate = g.ms;
  if (warmup) note('npm (warm-up)', run(dir, env, 'npm', npmLockOnly));
  const first = run(dir, env, process.execPath, [BIN, 'check', '--prefer-offline', '--format', 'json']);
  note('check', first);
  row.pins = JSON.parse(first.stdout || '{}').summary?.pins;
  const samples = { kept: [], edited: [], editedRss: [], generate: [], generateRss: [], npm: [], npmRss: [] };
  const edited = join(dir, 'packages/m0000/package.json');
  for (let i = 0; i < reps; i++) {
    samples.kept.push(run(dir, env, process.execPath, [BIN, 'check', '--prefer-offline']).ms);
    // a manifest edit that changes nothing resolved: the kept report no longer applies, so check computes again
    const m = JSON.parse(readFileSync(edited, 'utf8'));
    writeFileSync(edited, `${JSON.stringify({ ...m, description: `edit ${i}` }, null, 2)}\n`);
    const c = run(dir, env, process.execPath, [BIN, 'check', '--prefer-offline']);
    note('check after an edit', c);
    samples.edited.push(c.ms);
    samples.editedRss.push(c.rss);
    rmSync(join(dir, 'package-lock.json'), { force: true });
    const n = run(dir, env, 'npm', npmLockOnly);
    note('npm', n);
    if (n.status === 0) {
      samples.npm.push(n.ms);
      samples.npmRss.push(n.rss);
    }
    const w = run(dir, env, process.execPath, [BIN, 'generate', '--upgrade', '--prefer-offline']);
    samples.generate.push(w.ms);
    samples.generateRss.push(w.rss);
  }
  for (const [k, v] of Object.entries(samples)) row[k] = k.endsWith('Rss') ? Math.max(...v.filter((x) => x !== undefined), 0) || undefined : median(v);
  rmSync(dir, { recursive: true, force: true });
  return row;
}

const fmt = (ms) => (ms === undefined ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(1)}×`);
const mb = (x) => (x === undefined ? '–' : `${Math.round(x)} MB`);

const rows = [];
for (const size of sizes) {
  console.error(`== ${size}`);
  const r = benchSize(size);
  rows.push(r);
  console.error(JSON.stringify(r));
}
const memberRows = [];
for (const count of memberCounts) {
  console.error(`== ${count} members`);
  const r = benchMembers(count);
  memberRows.push(r);
  console.error(JSON.stringify(r));
}
const earlier = option('--with');
if (earlier) {
  for (const line of readFileSync(earlier, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const r = JSON.parse(line);
    if (r.members !== undefined) {
      if (!memberRows.some((x) => x.members === r.members)) memberRows.push(r);
    } else if (!rows.some((x) => x.size === r.size)) rows.push(r);
  }
  rows.sort((a, b) => a.size - b.size);
  memberRows.sort((a, b) => a.members - b.members);
}

const table = [
  '| closure (packuments) | pins | warm `check` | npm lock-only, no lockfile | npm lock-only, with lockfile | pnpm lock-only | warm `generate` | cold `generate` | cold npm | cold pnpm | peak RSS: check / cold generate / npm |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.packuments ?? r.packages ?? '–'} | ${r.pins ?? '–'} | ${fmt(r.check)} | ${fmt(r.npmFresh)} (${ratio(r.npmFresh, r.check)}) | ${fmt(r.npmLock)} (${ratio(r.npmLock, r.check)}) | ${fmt(r.pnpm)} (${ratio(r.pnpm, r.check)}) | ${fmt(r.generate)} | ${fmt(r.coldGenerate)} | ${fmt(r.coldNpm)} (${ratio(r.coldNpm, r.coldGenerate)}) | ${fmt(r.coldPnpm)} (${ratio(r.coldPnpm, r.coldGenerate)}) | ${mb(r.checkRss)} / ${mb(r.coldGenerateRss)} / ${mb(r.npmFreshRss)} |`,
  ),
];
// growth: the exponent k of time ∝ packuments^k between the smallest and the largest size
const first = rows[0] ?? {};
const last = rows.at(-1) ?? {};
const exponent = (key) => {
  const n0 = first.packuments ?? first.packages;
  const n1 = last.packuments ?? last.packages;
  return first[key] && last[key] && n1 > n0 ? (Math.log(last[key] / first[key]) / Math.log(n1 / n0)).toFixed(2) : '–';
};
// rows merged from other runs may have been measured with other --reps
const repsOf = (r) => r.reps ?? reps;
const fewer = rows.filter((r) => repsOf(r) !== repsOf(first));
const runs = `Medians of ${repsOf(first)} interleaved warm runs${fewer.map((r) => ` (${repsOf(r)} at ${r.packuments ?? r.size} packuments)`).join('')}`;
const summary = `${runs}; ratios are the other tool's time over constrain's (warm \`check\`, or cold \`generate\` for the cold columns). Growth from the smallest to the largest size: warm \`check\` ∝ n^${exponent('check')}, warm \`generate\` ∝ n^${exponent('generate')}, cold \`generate\` ∝ n^${exponent('coldGenerate')}.`;
const memberTable = [
  '| members | pins | warm `check` (kept) | warm `check` after a manifest edit | npm lock-only, no lockfile | warm `generate` | peak RSS: check / generate / npm |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...memberRows.map(
    (r) =>
      `| ${r.members} | ${r.pins ?? '–'} | ${fmt(r.kept)} | ${fmt(r.edited)} | ${fmt(r.npm)} (${ratio(r.npm, r.edited)}) | ${fmt(r.generate)} | ${mb(r.editedRss)} / ${mb(r.generateRss)} / ${mb(r.npmRss)} |`,
  ),
];
const memberSummary = `Families of many members, each asking for 12 of the 1,000-packument workspace's dependencies and up to 3 earlier members; medians of interleaved warm runs; the npm ratio is over the check after an edit.`;
console.log(`${rows.length ? `${table.join('\n')}\n\n${summary}` : ''}${memberRows.length ? `\n\n${memberTable.join('\n')}\n\n${memberSummary}` : ''}`);

if (flag('--readme')) {
  const readme = join(ROOT, 'README.md');
  const stamp = `Measured on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()} (npm), pnpm ${spawnSync(PNPM, ['--version'], { encoding: 'utf8' }).stdout.trim()}.`;
  // each table between its markers, left as it was when this run measured none of its rows
  const between = (text, marker, body) => {
    const start = `<!-- bench:${marker}:start -->`;
    const end = `<!-- bench:${marker}:end -->`;
    const at = text.indexOf(start);
    const to = text.indexOf(end);
    if (at < 0 || to < at) throw new Error(`README.md has no bench:${marker} markers`);
    return `${text.slice(0, at + start.length)}\n${body} ${stamp}\n${text.slice(to)}`;
  };
  let next = readFileSync(readme, 'utf8');
  if (rows.length) next = between(next, 'scale', `${table.join('\n')}\n\n${summary}`);
  if (memberRows.length) next = between(next, 'members', `${memberTable.join('\n')}\n\n${memberSummary}`);
  writeFileSync(readme, next);
}
