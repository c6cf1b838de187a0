import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, type Files, makeWorkspace, packument, runCli } from '../helpers/workspace.js';

/**
 * The family's package manager, read from its files, switches on where it installs otherwise than npm: yarn 2+
 * resolves bundled dependencies and installs no missing peer; pnpm takes a published package's dependency on a
 * member's name from the registry unless link-workspace-packages=deep. Each case is checked against the same
 * workspace as npm's family, which keeps npm's answer.
 */
const registry = {
  // tap-like: ships its reporter inside its archive, and asks for a peer nobody else installs
  runner: packument({ '1.0.0': { dependencies: { reporter: '^2.0.0' }, bundleDependencies: ['reporter'], peerDependencies: { tsc: '^5.0.0' } } }),
  reporter: packument({ '2.0.0': {}, '2.1.0': {} }),
  tsc: packument({ '5.0.0': {}, '5.1.0': {} }),
  // a published package that depends on a member's name (jest-runtime on @jest/console)
  runtime: packument({ '1.0.0': { dependencies: { '@fam/core': '^1.0.0' } } }),
  '@fam/core': packument({ '1.0.0': {}, '1.2.0': {} }),
  // a package whose manifest a packageExtensions entry corrects
  lib: packument({ '1.0.0': { dependencies: { tsc: '^5.0.0' } }, '2.0.0': { dependencies: { tsc: '^5.0.0' } } }),
};

const YARN: Files = { '.yarnrc.yml': 'nodeLinker: node-modules\n' };
const PNPM: Files = { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' };

function workspace(dependencies: Record<string, string>, files: Files = {}): string {
  return makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/app/package.json': { name: '@fam/app', version: '1.0.0', dependencies },
    'packages/core/package.json': { name: '@fam/core', version: '1.2.0' },
    'registry.json': registry,
    'constraints/constraints.yaml': '{}\n',
    ...files,
  });
}

function generated(dir: string): Record<string, string> {
  const r = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).pins as Record<string, string>;
}

describe('the package manager the family uses', () => {
  it('npm: a bundled dependency comes in the archive and a missing peer is installed', () => {
    expect(generated(workspace({ runner: '^1.0.0' }))).toEqual({ runner: '1.0.0', tsc: '5.1.0' });
  });

  it('yarn 2+ (.yarnrc.yml, or packageManager yarn@4): the bundled dependency is resolved from the registry, the missing peer is not installed', () => {
    const yarn4: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], packageManager: 'yarn@4.18.1' } };
    for (const files of [YARN, yarn4]) expect(generated(workspace({ runner: '^1.0.0' }, files))).toEqual({ reporter: '2.1.0', runner: '1.0.0' });
  });

  it('pnpm installs the missing peer (autoInstallPeers), and with it off leaves it out; the bundled dependency stays in the archive', () => {
    expect(generated(workspace({ runner: '^1.0.0' }, PNPM))).toEqual({ runner: '1.0.0', tsc: '5.1.0' });
    expect(generated(workspace({ runner: '^1.0.0' }, { ...PNPM, '.npmrc': 'auto-install-peers=false\n' }))).toEqual({ runner: '1.0.0' });
  });

  it('yarn 1 (packageManager yarn@1) too: yarn 1.22 locks the bundled dependency and not the missing peer', () => {
    const yarn1: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], packageManager: 'yarn@1.22.22' } };
    expect(generated(workspace({ runner: '^1.0.0' }, yarn1))).toEqual({ reporter: '2.1.0', runner: '1.0.0' });
  });

  it('yarn: a peer that a member provides is still held to its range', () => {
    const files = { ...YARN, 'registry.json': { ...registry, tsc: packument({ '4.9.0': {}, '5.1.0': {} }) } };
    const ok = workspace({ runner: '^1.0.0', tsc: '>=4' }, { ...files, 'constraints/constraints.yaml': 'reporter: 2.1.0\nrunner: 1.0.0\ntsc: 5.1.0\n' });
    expect(checkJson(ok).report.findings).toEqual([]);
    const old = workspace({ runner: '^1.0.0', tsc: '>=4' }, { ...files, 'constraints/constraints.yaml': 'reporter: 2.1.0\nrunner: 1.0.0\ntsc: 4.9.0\n' });
    expect(checkJson(old).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['peer-unsatisfied tsc']);
  });

  it('pnpm: a published package\'s dependency on a member\'s name is the registry\'s version, pinned; npm and yarn link the member', () => {
    expect(generated(workspace({ runtime: '^1.0.0' }, PNPM))).toEqual({ '@fam/core': '1.2.0', runtime: '1.0.0' });
    expect(generated(workspace({ runtime: '^1.0.0' }))).toEqual({ runtime: '1.0.0' });
    expect(generated(workspace({ runtime: '^1.0.0' }, YARN))).toEqual({ runtime: '1.0.0' });
  });

  it('pnpm with link-workspace-packages=deep (.npmrc, or linkWorkspacePackages in pnpm-workspace.yaml) links it like npm', () => {
    const deep: Files[] = [
      { ...PNPM, '.npmrc': 'link-workspace-packages=deep\n' },
      { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\nlinkWorkspacePackages: deep\n' },
    ];
    for (const files of deep) expect(generated(workspace({ runtime: '^1.0.0' }, files))).toEqual({ runtime: '1.0.0' });
  });

  it('pnpm: check --lockfile holds the registry copy of a member\'s name to its pin', () => {
    const lock = (core: string) => `lockfileVersion: '9.0'\n\npackages:\n\n  '@fam/core@${core}':\n    resolution: {integrity: sha512-x}\n\n  runtime@1.0.0:\n    resolution: {integrity: sha512-y}\n`;
    const files = (core: string): Files => ({ ...PNPM, 'constraints/constraints.yaml': '"@fam/core": 1.2.0\nruntime: 1.0.0\n', 'pnpm-lock.yaml': lock(core) });
    expect(checkJson(workspace({ runtime: '^1.0.0' }, files('1.2.0')), ['--lockfile', 'pnpm-lock.yaml']).report.findings).toEqual([]);
    const drift = checkJson(workspace({ runtime: '^1.0.0' }, files('1.0.0')), ['--lockfile', 'pnpm-lock.yaml']);
    expect(drift.report.findings.map((f) => `${f.kind} ${f.package} ${f.line}`)).toEqual(['lockfile-mismatch @fam/core 5']);
    expect(drift.status).toBe(1);
  });

  it('pnpm: export writes the registry copy\'s pin under the published package that installs it, and never overrides the member itself', () => {
    const dir = workspace({ runtime: '^1.0.0' }, { ...PNPM, 'constraints/constraints.yaml': '"@fam/core": 1.2.0\nruntime: 1.0.0\n' });
    const r = runCli(['export', '--to', 'pnpm', '--write', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).pnpm.overrides).toEqual({ 'runtime@1.0.0>@fam/core': '1.2.0', runtime: '1.0.0' });
  });

  it('pnpm: check wants the registry copy pinned', () => {
    const dir = workspace({ runtime: '^1.0.0' }, { ...PNPM, 'constraints/constraints.yaml': 'runtime: 1.0.0\n' });
    expect(checkJson(dir).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['unpinned @fam/core']);
  });
});

describe('packageExtensions, as the package manager applies them', () => {
  const extension = { 'lib@1': { dependencies: { tsc: '5.0.0', reporter: '^2.0.0' } } };

  it('pnpm (package.json pnpm.packageExtensions, or pnpm-workspace.yaml): the entry replaces the published one and adds the new one, for the versions it selects', () => {
    const pnpm9: Files = { ...PNPM, 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], pnpm: { packageExtensions: extension } } };
    const pnpm10: Files = { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\npackageExtensions:\n  "lib@1":\n    dependencies:\n      tsc: 5.0.0\n      reporter: ^2.0.0\n' };
    for (const files of [pnpm9, pnpm10]) {
      expect(generated(workspace({ lib: '^1.0.0' }, files))).toEqual({ lib: '1.0.0', reporter: '2.1.0', tsc: '5.0.0' });
      expect(generated(workspace({ lib: '^2.0.0' }, files))).toEqual({ lib: '2.0.0', tsc: '5.1.0' });
    }
  });

  it('yarn (.yarnrc.yml): adds what the version lacks and keeps what it declares', () => {
    const yarnrc = 'packageExtensions:\n  "lib@1":\n    dependencies:\n      tsc: 5.0.0\n      reporter: ^2.0.0\n';
    expect(generated(workspace({ lib: '^1.0.0' }, { '.yarnrc.yml': yarnrc }))).toEqual({ lib: '1.0.0', reporter: '2.1.0', tsc: '5.1.0' });
  });

  it('npm reads neither: the same fields leave an npm family as published', () => {
    const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], pnpm: { packageExtensions: extension } } };
    expect(generated(workspace({ lib: '^1.0.0' }, files))).toEqual({ lib: '1.0.0', tsc: '5.1.0' });
  });

  it('check holds the pins to an extension: a pin outside the range it sets is reported, and left unused', () => {
    const files: Files = { ...PNPM, 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], pnpm: { packageExtensions: extension } }, 'constraints/constraints.yaml': 'lib: 1.0.0\nreporter: 2.1.0\ntsc: 5.1.0\n' };
    expect(checkJson(workspace({ lib: '^1.0.0' }, files)).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['pin-outside-range tsc', 'unused-pin tsc']);
  });

  it('a malformed entry is bad input: exit 2 naming file:line:col, nothing written', () => {
    const dir = workspace({ lib: '^1.0.0' }, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\npackageExtensions:\n  "lib@not a range!":\n    dependencies: {}\n' });
    const r = runCli(['generate', '--write', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pnpm-workspace.yaml:4:3');
    expect(r.stderr).toContain('"lib@not a range!" is not a package name with an optional version range');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe('{}\n');
  });
});
