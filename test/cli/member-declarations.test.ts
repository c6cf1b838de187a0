import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, type Files, makeWorkspace, packument, runCli } from '../helpers/workspace.js';

/**
 * A member's own peer marked optional in peerDependenciesMeta binds only when another member installs the name; a
 * dependency's copy nests beside it, as npm nests it.
 */
const registry = { typescript: packument({ '4.9.5': {}, '5.6.3': {} }), 'ts-tool': packument({ '1.0.0': { dependencies: { typescript: '^5.0.0' } } }) };
const lib = { name: '@fam/lib', version: '1.0.0', peerDependencies: { typescript: '^4.9.0' }, peerDependenciesMeta: { typescript: { optional: true } } };

function workspace(others: Record<string, string>, constraints: string, files: Files = {}): string {
  return makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    ...files,
    'packages/lib/package.json': lib,
    'packages/app/package.json': { name: '@fam/app', version: '1.0.0', dependencies: others },
    'registry.json': registry,
    'constraints/constraints.yaml': constraints,
  });
}
const generated = (dir: string) => JSON.parse(runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json']).stdout).pins as Record<string, string>;

describe("a member's optional peer", () => {
  it('is neither pinned nor required when no other member installs it', () => {
    const dir = workspace({}, '{}\n');
    expect(checkJson(dir).report.findings).toEqual([]);
    const gen = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json']);
    expect(gen.status).toBe(0);
    expect(JSON.parse(gen.stdout).pins).toEqual({});
  });

  it('is not held to the copy a dependency of another member needs', () => {
    const dir = workspace({ 'ts-tool': '^1.0.0' }, 'ts-tool: 1.0.0\ntypescript: 5.6.3\n');
    expect(checkJson(dir).report.findings).toEqual([]);
    expect(runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`]).status).toBe(0);
  });

  it('must be met when another member installs the name', () => {
    const dir = workspace({ typescript: '^5.0.0' }, 'typescript: 5.6.3\n');
    const r = checkJson(dir);
    expect(r.report.findings.filter((f) => f.severity === 'error').map((f) => `${f.kind} ${f.package}`)).toEqual(['unsatisfiable typescript']);
    const gen = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`]);
    expect(gen.status).toBe(1);
    expect(gen.stdout).toContain('typescript');
  });
});

describe("a member's optional peer under pnpm", () => {
  it('is installed like a dependency, as pnpm\'s autoInstallPeers installs it: pinned, and check wants the pin', () => {
    const pnpm: Files[] = [{ 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' }, { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], packageManager: 'pnpm@9.15.9' } }];
    for (const files of pnpm) {
      const dir = workspace({}, '{}\n', files);
      expect(generated(dir)).toEqual({ typescript: '4.9.5' });
      expect(checkJson(dir).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['unpinned typescript']);
    }
  });

  it('stays optional with autoInstallPeers off (.npmrc for pnpm 9, pnpm-workspace.yaml for pnpm 10), and under yarn', () => {
    const off: Files[] = [
      { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', '.npmrc': 'auto-install-peers=false\n' },
      { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\nautoInstallPeers: false\n' },
      { '.yarnrc.yml': 'nodeLinker: node-modules\n' },
    ];
    for (const files of off) expect(generated(workspace({}, '{}\n', files))).toEqual({});
  });
});

describe('a name a member declares in several fields', () => {
  it('is the devDependencies spec over optionalDependencies over dependencies, as npm installs a workspace', () => {
    const dir = makeWorkspace({
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
      'packages/app/package.json': { name: '@fam/app', version: '1.0.0', dependencies: { typescript: '^4.9.0' }, devDependencies: { typescript: '^5.6.0' } },
      'registry.json': registry,
      'constraints/constraints.yaml': 'typescript: 5.6.3\n',
    });
    expect(checkJson(dir).report.findings).toEqual([]);
    const gen = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json', '--upgrade']);
    expect(JSON.parse(gen.stdout).pins).toEqual({ typescript: '5.6.3' });
  });
});

describe("an alias to a member's name", () => {
  const files = (spec: string, constraints: string) => ({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/core/package.json': { name: '@fam/core', version: '2.0.0' },
    'packages/preset/package.json': { name: '@fam/preset', version: '1.0.0', devDependencies: { '@fam/core-1': spec } },
    'registry.json': { '@fam/core': packument({ '1.0.0': { dependencies: { typescript: '^4.9.0' } }, '2.0.0': {} }), ...registry },
    'constraints/constraints.yaml': constraints,
  });

  it('is the published version, pinned, when the member does not fit (npm installs it under the alias)', () => {
    const dir = makeWorkspace(files('npm:@fam/core@1.0.0', '{}\n'));
    const gen = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json', '--write']);
    expect(JSON.parse(gen.stdout).pins).toEqual({ '@fam/core': '1.0.0', typescript: '4.9.5' });
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('links the member when its version fits', () => {
    const dir = makeWorkspace(files('npm:@fam/core@^2.0.0', '{}\n'));
    expect(checkJson(dir).report.findings).toEqual([]);
    const gen = runCli(['generate', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json']);
    expect(JSON.parse(gen.stdout).pins).toEqual({});
  });
});
