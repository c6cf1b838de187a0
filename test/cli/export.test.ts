import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeOverrides, ownsOverrideKey, planOverrides } from '../../src/export/overrides.js';
import { makeWorkspace, packument, runCli, snapshot } from '../helpers/workspace.js';

const registry = {
  express: packument({ '4.19.2': { dependencies: { debug: '2.6.9' } } }),
  debug: packument({ '2.6.9': { dependencies: { ms: '2.0.0' } }, '4.3.5': { dependencies: { ms: '^2.1.3' } } }),
  ms: packument({ '2.0.0': {}, '2.1.3': {} }),
  lodash: packument({ '4.17.21': {} }),
};

function ws(rootExtra: object = {}) {
  return makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], overrides: { 'left-pad': '1.3.0', debug: '1.0.0' }, ...rootExtra },
    'packages/api/package.json': { name: '@fam/api', version: '1.0.0', dependencies: { express: '^4.19.0', debug: '^4.0.0', lodash: '^4.17.0' } },
    'packages/web/package.json': { name: '@fam/web', version: '1.0.0', dependencies: { '@fam/api': '*' } },
    'constraints/constraints.yaml': 'debug: [4.3.5, 2.6.9]\nexpress: 4.19.2\nlodash: 4.17.21\nms: [2.1.3, 2.0.0]\n',
    'registry.json': registry,
  });
}
const reg = (dir: string) => ['--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`];

describe('export planning', () => {
  it('one pin is a plain entry; several pins become name@PIN keys, highest first', () => {
    const pins = new Map([
      ['debug', ['2.6.9', '4.3.5']],
      ['lodash', ['4.17.21']],
      ['@fam/api', ['1.0.0']],
      ['root-dep', ['1.0.0']],
    ]);
    const plan = planOverrides('npm', pins, { members: new Set(['@fam/api']), rootDirect: new Set(['root-dep']), rangesByName: new Map() });
    expect(plan.entries).toEqual([
      ['debug@4.3.5', '4.3.5'],
      ['debug@2.6.9', '2.6.9'],
      ['lodash', '4.17.21'],
    ]);
    expect(plan.skipped.map((s) => s.name)).toEqual(['@fam/api', 'root-dep']);
    const yarn = planOverrides('yarn', pins, { members: new Set(), rootDirect: new Set(), rangesByName: new Map([['debug', new Map([['^4.0.0', '4.3.5'], ['2.6.9', '2.6.9']])]]) });
    expect(yarn.entries.slice(0, 2)).toEqual([
      ['debug@npm:2.6.9', '2.6.9'],
      ['debug@npm:^4.0.0', '4.3.5'],
    ]);
  });
  it('keeps unrelated overrides and replaces the entries of pinned names', () => {
    const owns = (k: string) => ownsOverrideKey(k, new Set(['debug', '@s/p', 'b']), new Set(['@fam/api']));
    expect(owns('@s/p@^1')).toBe(true);
    expect(owns('a@1>b')).toBe(false);
    expect(owns('@fam/api>b')).toBe(true);
    expect(owns('@fam/api')).toBe(true);
    expect(owns('left-pad')).toBe(false);
    const merged = mergeOverrides({ 'left-pad': '1.3.0', debug: '1.0.0', 'debug@2': '2.0.0' }, { entries: [['debug', '4.3.5']], skipped: [], scoped: false }, owns);
    expect(merged).toEqual({ 'left-pad': '1.3.0', debug: '4.3.5' });
  });
});

describe('constrain export', () => {
  it('without --write prints the would-be change and writes nothing', () => {
    const dir = ws();
    const before = snapshot(dir);
    const r = runCli(['export', '--to', 'npm', ...reg(dir)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('- debug: "1.0.0"');
    expect(r.stdout).toContain('+ debug@4.3.5: "4.3.5"');
    expect(r.stdout).toContain('run with --write to apply');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--to npm --write: overrides with selector keys, unrelated overrides kept, members never overridden; --check then agrees', () => {
    const dir = ws();
    expect(runCli(['export', '--to', 'npm', '--write', ...reg(dir)]).status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.overrides).toEqual({ 'left-pad': '1.3.0', 'debug@4.3.5': '4.3.5', 'debug@2.6.9': '2.6.9', express: '4.19.2', lodash: '4.17.21', 'ms@2.1.3': '2.1.3', 'ms@2.0.0': '2.0.0' });
    expect(Object.keys(pkg.overrides)).not.toContain('@fam/api');
    expect(pkg.workspaces).toEqual(['packages/*']);
    const check = runCli(['export', '--to', 'npm', '--check', ...reg(dir)]);
    expect(check.stdout).toContain('package.json overrides agree with the constraints');
    expect(check.status).toBe(0);
  });

  it('--check reports drift with exit 1 and writes nothing', () => {
    const dir = ws();
    const before = snapshot(dir);
    const r = runCli(['export', '--to', 'npm', '--check', '--format', 'json', ...reg(dir)]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).drift).toContainEqual({ key: 'lodash', from: null, to: '4.17.21' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('npm: a direct dependency of the root package.json is not overridden (npm refuses it)', () => {
    const dir = ws({ devDependencies: { lodash: '^4.17.0' } });
    runCli(['export', '--to', 'npm', '--write', ...reg(dir)]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.overrides.lodash).toBeUndefined();
  });

  it('--to pnpm writes pnpm.overrides, or pnpm-workspace.yaml overrides when that file has them (pnpm 10)', () => {
    const dir = ws();
    runCli(['export', '--to', 'pnpm', '--write', ...reg(dir)]);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).pnpm.overrides['ms@2.0.0']).toBe('2.0.0');
    const dir10 = ws();
    writeFileSync(join(dir10, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n# keep this comment\noverrides:\n  left-pad: 1.3.0\n');
    runCli(['export', '--to', 'pnpm', '--write', ...reg(dir10)]);
    const yaml = readFileSync(join(dir10, 'pnpm-workspace.yaml'), 'utf8');
    expect(yaml).toContain('# keep this comment');
    expect(yaml).toContain('debug@2.6.9: 2.6.9');
    expect(yaml).toContain('left-pad: 1.3.0');
  });

  it('--to yarn writes resolutions with one descriptor per range for names with several pins', () => {
    const dir = ws();
    runCli(['export', '--to', 'yarn', '--write', ...reg(dir)]);
    const res = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).resolutions;
    expect(res).toMatchObject({ 'debug@npm:^4.0.0': '4.3.5', 'debug@npm:2.6.9': '2.6.9', 'ms@npm:2.0.0': '2.0.0', 'ms@npm:^2.1.3': '2.1.3', lodash: '4.17.21' });
  });
});
