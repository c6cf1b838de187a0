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

  it('yarn 1 (packageManager yarn@1) keeps npm\'s rules', () => {
    const yarn1: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], packageManager: 'yarn@1.22.22' } };
    expect(generated(workspace({ runner: '^1.0.0' }, yarn1))).toEqual({ runner: '1.0.0', tsc: '5.1.0' });
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

  it('pnpm: check wants the registry copy pinned', () => {
    const dir = workspace({ runtime: '^1.0.0' }, { ...PNPM, 'constraints/constraints.yaml': 'runtime: 1.0.0\n' });
    expect(checkJson(dir).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['unpinned @fam/core']);
  });
});
