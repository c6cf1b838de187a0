import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/run.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { TempRepo } from '../helpers/git-repo.js';
import { Verdaccio } from '../helpers/verdaccio.js';
import { type Files, makeWorkspace, runCli, runCliAsync } from '../helpers/workspace.js';

const PNPM = resolve(import.meta.dirname, '../../node_modules/.bin/pnpm');
let v: Verdaccio;

beforeAll(async () => {
  v = await new Verdaccio().start();
  await v.publish(
    { name: 'alpha', version: '1.0.0', dependencies: { beta: '^1.0.0' } },
    { name: 'alpha', version: '1.1.0', dependencies: { beta: '^1.0.0' } },
    { name: 'beta', version: '1.0.0' },
    { name: 'beta', version: '1.2.0' },
    { name: 'beta', version: '2.0.0' },
    { name: 'gamma', version: '1.0.0', peerDependencies: { alpha: '^1.0.0' } },
    { name: 'gamma', version: '1.0.1', peerDependencies: { alpha: '^1.1.0' } },
    { name: 'delta', version: '1.0.0' },
    { name: 'delta', version: '1.0.1' },
    { name: 'omega', version: '1.0.0' },
    { name: 'zeta', version: '1.0.0' },
    { name: '@private/secret', version: '1.0.0', dependencies: { beta: '^1.0.0' } },
    { name: '@fam/web', version: '1.0.0', dependencies: { beta: '^1.0.0' } },
    { name: 'kappa', version: '1.0.0' },
    { name: 'kappa', version: '2.0.0' },
    { name: 'lambda', version: '1.0.0' },
    { name: 'lint-kit', version: '1.0.0', dependencies: { 'lint-core': '^1.0.0' } },
    { name: 'lint-core', version: '1.0.0', dependencies: { lambda: '^1.0.0' } },
    { name: 'mu', version: '1.0.0' },
    { name: 'mu', version: '1.1.0' },
    { name: 'nu', version: '1.0.0', dependencies: { mu: '^1.0.0' } },
  );
}, 180_000);

afterAll(async () => {
  await v?.stop();
});

/** A workspace whose .npmrc points at Verdaccio (the token for its host, @private scoped to it), with its own cache. */
function workspace(members: Record<string, object>, extra: Files = {}, npmrc = v.npmrc): { dir: string; env: NodeJS.ProcessEnv } {
  const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] }, '.npmrc': npmrc, ...extra };
  for (const [d, m] of Object.entries(members)) files[`packages/${d}/package.json`] = m;
  const dir = makeWorkspace(files);
  return { dir, env: { npm_config_userconfig: '/nonexistent/.npmrc', npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-cache-')), npm_config_fetch_retries: '1' } };
}
const member = (name: string, dependencies: Record<string, string>) => ({ name, version: '1.0.0', dependencies });
const check = (dir: string, env: NodeJS.ProcessEnv, extra: string[] = []) => {
  const r = runCli(['check', '--cwd', dir, '--format', 'json', ...extra], { env });
  return { status: r.status, report: r.stdout ? (JSON.parse(r.stdout) as CheckReport) : undefined, stderr: r.stderr };
};

describe('the pacote path against a real registry server (Verdaccio)', () => {
  it('generate, then check: a scoped package behind auth, read with the token from the project .npmrc', () => {
    const { dir, env } = workspace({ api: member('@fam/api', { alpha: '^1.0.0', '@private/secret': '^1.0.0' }), web: member('@fam/web', { alpha: '^1.1.0', gamma: '^1.0.0' }) });
    const g = runCli(['generate', '--write', '--cwd', dir], { env });
    expect(g.status, g.stderr).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toContain('"@private/secret": 1.0.0\nalpha: 1.1.0\nbeta: 1.2.0\ngamma: 1.0.1\n');
    const c = check(dir, env);
    expect(c.report?.findings).toEqual([]);
    expect(c.status).toBe(0);
  });

  it('without the token the scoped package is refused: exit 3, and the token is never printed', () => {
    const noToken = `registry=${v.url}\n@private:registry=${v.url}\n`;
    const { dir, env } = workspace({ api: member('@fam/api', { '@private/secret': '^1.0.0' }) }, { 'constraints/constraints.yaml': '"@private/secret": 1.0.0\nbeta: 1.2.0\n' }, noToken);
    const r = runCli(['check', '--cwd', dir], { env });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/refused @private\/secret \(HTTP 40[13]\)/);
    expect(r.stdout + r.stderr).not.toContain(v.token);
  });

  it('an unpublished version leads to missing-version', async () => {
    const { dir, env } = workspace({ api: member('@fam/api', { delta: '^1.0.0' }) }, { 'constraints/constraints.yaml': 'delta: 1.0.1\n' });
    expect(check(dir, env).status).toBe(0);
    await v.npm(['unpublish', 'delta@1.0.1', '--force']);
    const fresh = { ...env, npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-cache-')) };
    const c = check(dir, fresh);
    expect(c.report?.findings.map((f) => [f.kind, f.package, f.line])).toContainEqual(['missing-version', 'delta', 1]);
    expect(c.status).toBe(1);
  });

  it('a version deprecated with npm deprecate leads to deprecated-pin', async () => {
    await v.npm(['deprecate', 'omega@1.0.0', 'omega is retired, use zeta']);
    const { dir, env } = workspace({ api: member('@fam/api', { omega: '^1.0.0' }) }, { 'constraints/constraints.yaml': 'omega: 1.0.0\n' });
    const c = check(dir, env);
    expect(c.report?.findings).toEqual([expect.objectContaining({ kind: 'deprecated-pin', package: 'omega', severity: 'warning', message: 'omega@1.0.0 is deprecated: omega is retired, use zeta' })]);
    expect(c.status).toBe(0);
  });

  it('propose sees a newer version once it is published', async () => {
    const { dir, env } = workspace({ api: member('@fam/api', { zeta: '^1.0.0' }) }, { 'constraints/constraints.yaml': 'zeta: 1.0.0\n' });
    const before = JSON.parse(runCli(['propose', '--cwd', dir, '--format', 'json'], { env }).stdout);
    expect(before.bumps).toEqual([]);
    await v.publish({ name: 'zeta', version: '1.1.0' });
    const after = JSON.parse(runCli(['propose', '--cwd', dir, '--format', 'json'], { env: { ...env, npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-cache-')) } }).stdout);
    expect(after.bumps).toEqual([{ package: 'zeta', from: '1.0.0', to: '1.1.0', type: 'minor', published: expect.any(String) }]);
  });

  it('check --against registry compares with each member\'s latest published version', () => {
    const { dir, env } = workspace({ api: member('@fam/api', { beta: '^2.0.0' }), web: member('@fam/web', { beta: '^2.0.0' }) }, { 'constraints/constraints.yaml': 'beta: 2.0.0\n' });
    const c = check(dir, env, ['--against', 'registry']);
    expect(c.report?.findings.filter((f) => f.kind === 'upgrade-conflict').map((f) => f.message)).toEqual([
      '@fam/api at HEAD requires beta ^2.0.0 but @fam/web at registry requires ^1.0.0: no published version satisfies both, so upgrading @fam/api alone to HEAD breaks it against @fam/web@1.0.0 (registry)',
    ]);
    expect(c.report?.findings.find((f) => f.severity === 'info')?.message).toContain('@fam/api was never published');
  });
});

describe('a real install agrees with the pins (npm and pnpm against Verdaccio)', () => {
  const members = { api: member('@fam/api', { alpha: '^1.0.0', beta: '^2.0.0' }), web: member('@fam/web', { gamma: '^1.0.0', alpha: '^1.1.0' }) };

  it('npm: generate, export --to npm --write, npm install --package-lock-only; every locked version is a pin', async () => {
    const { dir, env } = workspace(members);
    expect(runCli(['generate', '--write', '--cwd', dir], { env }).status).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toContain('beta: [2.0.0, 1.2.0]');
    expect(runCli(['export', '--to', 'npm', '--write', '--cwd', dir], { env }).status).toBe(0);
    await v.npm(['install', '--package-lock-only', '--ignore-scripts'], dir);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; link?: boolean }> };
    const pins = readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8');
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path.includes('node_modules/') || entry.link) continue;
      const name = path.slice(path.lastIndexOf('node_modules/') + 13);
      expect(pins, `${name}@${entry.version}`).toMatch(new RegExp(`^"?${name.replace('/', '\\/')}"?: .*${entry.version!.replace(/\./g, '\\.')}`, 'm'));
    }
    const betas = Object.entries(lock.packages).filter(([p]) => p.endsWith('node_modules/beta')).map(([, e]) => e.version).sort();
    expect(betas).toEqual(['1.2.0', '2.0.0']);
    await v.npm(['ls', '--all', '--package-lock-only'], dir);
    const c = check(dir, env, ['--lockfile', 'package-lock.json']);
    expect(c.report?.findings).toEqual([]);
    expect(c.status).toBe(0);
  });

  it('pnpm: export --to pnpm --write, pnpm install --lockfile-only; check --lockfile pnpm-lock.yaml passes', () => {
    const { dir, env } = workspace(members, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', 'package.json': { name: 'fam', private: true } });
    expect(runCli(['generate', '--write', '--cwd', dir], { env }).status).toBe(0);
    expect(runCli(['export', '--to', 'pnpm', '--write', '--cwd', dir], { env }).status).toBe(0);
    execFileSync(PNPM, ['install', '--lockfile-only', '--ignore-scripts', '--registry', v.url], { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
    const c = check(dir, env, ['--lockfile', 'pnpm-lock.yaml']);
    expect(c.report?.findings).toEqual([]);
    expect(c.status).toBe(0);
  });
});

describe('the adoption path on a workspace with a file: dependency and a dev tool (docs/adopting.md)', () => {
  // tools/local-tool is installed from a path: constrain does not pin it, and its own needs (kappa ^2, beta ^2)
  // differ from the pinned closure's (kappa 1.0.0, beta 1.2.0); plain name overrides would rewrite them
  const files: Files = {
    'tools/local-tool/package.json': { name: 'local-tool', version: '1.0.0', dependencies: { kappa: '^2.0.0', beta: '^2.0.0' } },
  };
  const app = {
    name: '@fam/app',
    version: '1.0.0',
    dependencies: { alpha: '^1.0.0', kappa: '^1.0.0' },
    devDependencies: { 'lint-kit': '^1.0.0', 'local-tool': 'file:../../tools/local-tool' },
  };

  it('generate, check, export, npm install --package-lock-only, check --lockfile: exit 0, and no override reaches the unpinned subtree', async () => {
    const { dir, env } = workspace({ app }, files);
    expect(runCli(['generate', '--write', '--cwd', dir], { env }).status).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe(
      '# Exact pins for every package that can be installed. Written by constrain.\n\nalpha: 1.1.0\nbeta: 1.2.0\nkappa: 1.0.0\nlambda: 1.0.0\nlint-core: 1.0.0\nlint-kit: 1.0.0\n',
    );
    const first = check(dir, env);
    expect(first.status).toBe(0);
    expect(first.report?.findings.map((f) => [f.kind, f.package])).toEqual([['unmanaged', 'local-tool']]);

    const exported = runCli(['export', '--to', 'npm', '--write', '--cwd', dir, '--format', 'json'], { env });
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ scoped: true, outside: [{ member: '@fam/app', name: 'local-tool' }] });
    const overrides = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).overrides as Record<string, unknown>;
    expect(overrides).toEqual({
      '@fam/app': { 'alpha@1.1.0': '1.1.0', 'lint-kit@1.0.0': '1.0.0', 'kappa@1.0.0': '1.0.0' },
      'alpha@1.1.0': { 'beta@1.2.0': '1.2.0' },
      'lint-core@1.0.0': { 'lambda@1.0.0': '1.0.0' },
      'lint-kit@1.0.0': { 'lint-core@1.0.0': '1.0.0' },
    });

    await v.npm(['install', '--package-lock-only', '--ignore-scripts'], dir);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; link?: boolean }> };
    const versionsOf = (name: string) => Object.entries(lock.packages).filter(([p]) => p.endsWith(`node_modules/${name}`)).map(([, e]) => e.version).sort();
    // the local tool keeps what it asked for; the pinned closure gets the pins
    expect(versionsOf('kappa')).toEqual(['1.0.0', '2.0.0']);
    expect(versionsOf('beta')).toEqual(['1.2.0', '2.0.0']);
    await v.npm(['ls', '--all', '--package-lock-only'], dir);

    const locked = check(dir, env, ['--lockfile', 'package-lock.json']);
    expect(locked.report?.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(locked.status).toBe(0);
    expect(runCli(['export', '--to', 'npm', '--check', '--cwd', dir], { env }).status).toBe(0);
  });

  it('pnpm: the scoped form (parent>child) keeps the unpinned subtree as it asked, and the pinned closure on its pins', () => {
    const { dir, env } = workspace({ app }, { ...files, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', 'package.json': { name: 'fam', private: true } });
    expect(runCli(['generate', '--write', '--cwd', dir], { env }).status).toBe(0);
    expect(runCli(['export', '--to', 'pnpm', '--write', '--cwd', dir], { env }).status).toBe(0);
    const overrides = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).pnpm.overrides as Record<string, string>;
    expect(overrides).toMatchObject({ '@fam/app>alpha': '1.1.0', '@fam/app>kappa': '1.0.0', 'alpha@1.1.0>beta': '1.2.0' });
    expect(Object.keys(overrides).filter((k) => !k.includes('>'))).toEqual([]);
    execFileSync(PNPM, ['install', '--lockfile-only', '--ignore-scripts', '--registry', v.url], { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
    const lock = readFileSync(join(dir, 'pnpm-lock.yaml'), 'utf8');
    // the member gets the pins; the local tool keeps the majors it asked for
    expect(lock).toMatch(/\n {6}kappa:\n {8}specifier: 1\.0\.0\n {8}version: 1\.0\.0\n/);
    expect(lock).toContain('\n  kappa@2.0.0:');
    expect(lock).toContain('\n  beta@2.0.0:');
  });

  it('yarn resolutions cannot be scoped: export --to yarn refuses with the reason (exit 2) and writes nothing', () => {
    const { dir, env } = workspace({ app }, { ...files, 'constraints/constraints.yaml': 'alpha: 1.1.0\nbeta: 1.2.0\n' });
    const before = readFileSync(join(dir, 'package.json'), 'utf8');
    const r = runCli(['export', '--to', 'yarn', '--write', '--cwd', dir], { env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('@fam/app → local-tool (file:../../tools/local-tool)');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(before);
  });
});

describe('propose --open-pr commits everything the gate checks (loopback GitHub API, bare origin, Verdaccio)', () => {
  const TOKEN = 'ghp_gate_files_token_never_printed';
  let gh: FakeGitHub | undefined;
  afterAll(async () => {
    await gh?.stop();
  });

  it('three runs (created, unchanged, updated): on the branch, check, check --lockfile and export --check all exit 0', async () => {
    gh = await new FakeGitHub('acme/fam').start();
    const { dir: seed, env } = workspace({ app: member('@fam/app', { nu: '^1.0.0', mu: '^1.0.0' }) }, { 'constraints/constraints.yaml': 'mu: 1.0.0\nnu: 1.0.0\n' });
    // the repository as a team has it after adopting: exported overrides and a lockfile that follow the pins
    expect(runCli(['export', '--to', 'npm', '--write', '--cwd', seed], { env }).status).toBe(0);
    await v.npm(['install', '--package-lock-only', '--ignore-scripts'], seed);
    const repo = new TempRepo({});
    cpSync(seed, repo.dir, { recursive: true });
    repo.commit('adopt constrain');
    const origin = mkdtempSync(join(tmpdir(), 'constrain-origin-'));
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
    repo.git('remote', 'add', 'origin', origin);
    repo.git('push', '-q', 'origin', 'main');
    const prEnv = { ...env, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/fam' };
    const propose = (extra: NodeJS.ProcessEnv = {}) => runCliAsync(['propose', '--open-pr', '--cwd', repo.dir], { env: { ...prEnv, ...extra } });

    const first = await propose();
    expect(first.stdout).toContain('pull request #1 created');
    const second = await propose();
    expect(second.stdout).toContain('pull request #1 unchanged');
    await v.publish({ name: 'mu', version: '1.2.0' });
    // a week later the metadata cache is stale
    const third = await propose({ npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-cache-')) });
    expect(third.stdout).toContain('pull request #1 updated');
    expect(gh.pulls).toHaveLength(1);
    for (const out of [first, second, third]) {
      expect(out.status).toBe(0);
      expect(out.stdout + out.stderr).not.toContain(TOKEN);
    }
    expect(repo.git('status', '--porcelain')).toBe('');

    // the branch as a reviewer checks it out: every gate passes
    const branch = mkdtempSync(join(tmpdir(), 'constrain-branch-'));
    execFileSync('git', ['clone', '-q', '-b', 'constrain/propose', origin, branch]);
    expect(readFileSync(join(branch, 'constraints/constraints.yaml'), 'utf8')).toContain('mu: 1.2.0');
    expect(JSON.parse(readFileSync(join(branch, 'package.json'), 'utf8')).overrides).toEqual({ mu: '1.2.0', nu: '1.0.0' });
    expect(JSON.parse(readFileSync(join(branch, 'package-lock.json'), 'utf8')).packages['node_modules/mu'].version).toBe('1.2.0');
    expect(execFileSync('git', ['-C', branch, 'show', '--stat', '--format=', 'HEAD'], { encoding: 'utf8' })).toMatch(/constraints\/constraints.yaml[\s\S]*package-lock.json[\s\S]*package.json/);
    const plain = check(branch, env);
    expect(plain.report?.findings).toEqual([]);
    expect(plain.status).toBe(0);
    const locked = check(branch, env, ['--lockfile', 'package-lock.json']);
    expect(locked.report?.findings).toEqual([]);
    expect(locked.status).toBe(0);
    expect(runCli(['export', '--to', 'npm', '--check', '--cwd', branch], { env }).status).toBe(0);
  });
});

describe('--offline after the registry is gone', () => {
  it('is served from the cache', async () => {
    const { dir, env } = workspace({ api: member('@fam/api', { alpha: '^1.0.0' }) }, { 'constraints/constraints.yaml': 'alpha: 1.1.0\nbeta: 1.2.0\n' });
    expect(check(dir, env).status).toBe(0);
    await v.stop();
    const offline = check(dir, env, ['--offline']);
    expect(offline.report?.findings).toEqual([]);
    expect(offline.status).toBe(0);
    const online = runCli(['check', '--cwd', dir], { env: { ...env, npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-cache-')) } });
    expect(online.status).toBe(3);
  });
});
