import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, makeWorkspace, packument, runCli, writeFiles } from '../helpers/workspace.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/lockfiles');

/** The registry view of the packages these lockfiles were generated with (npm, pnpm, yarn 1, yarn 4). */
const registry = {
  chalk: packument({ '4.1.2': { dependencies: { 'ansi-styles': '^4.1.0', 'supports-color': '^7.1.0' } } }),
  'ansi-styles': packument({ '4.3.0': { dependencies: { 'color-convert': '^2.0.1' } } }),
  'color-convert': packument({ '2.0.1': { dependencies: { 'color-name': '~1.1.4' } } }),
  'color-name': packument({ '1.1.4': {} }),
  'supports-color': packument({ '7.2.0': { dependencies: { 'has-flag': '^4.0.0' } } }),
  'has-flag': packument({ '4.0.0': {} }),
  lodash: packument({ '4.17.21': {}, '4.18.1': {} }),
};
const pins = ['ansi-styles: 4.3.0', 'chalk: 4.1.2', 'color-convert: 2.0.1', 'color-name: 1.1.4', 'has-flag: 4.0.0', 'lodash: 4.18.1', 'supports-color: 7.2.0'];

const cases = [
  ['npm', 'package-lock.json', '"node_modules/lodash": {'],
  ['pnpm', 'pnpm-lock.yaml', '  lodash@4.18.1:'],
  ['yarn-classic', 'yarn.lock', 'lodash@^4.17.0:'],
  ['yarn-berry', 'yarn.lock', '"lodash@npm:^4.17.0":'],
] as const;

function workspaceFor(tool: string, constraints: string[]): string {
  const dir = makeWorkspace({});
  cpSync(join(FIXTURES, tool), dir, { recursive: true });
  writeFiles(dir, { 'registry.json': registry, 'constraints/constraints.yaml': `${constraints.join('\n')}\n` });
  return dir;
}

describe('check --lockfile with real lockfiles from npm, pnpm, yarn classic and yarn berry', () => {
  for (const [tool, file, lodashLine] of cases) {
    it(`${tool}: a lockfile that agrees with the pins passes`, () => {
      const dir = workspaceFor(tool, pins);
      const r = checkJson(dir, ['--lockfile', file]);
      expect(r.report.findings).toEqual([]);
      expect(r.status).toBe(0);
    });

    it(`${tool}: a locked version that is not a pin is a lockfile-mismatch at its line; a locked name without a pin is unpinned`, () => {
      const dir = workspaceFor(
        tool,
        pins.filter((p) => !p.startsWith('color-name')).map((p) => (p.startsWith('lodash') ? 'lodash: 4.17.21' : p)),
      );
      const text = readFileSync(join(dir, file), 'utf8');
      const expectedLine = text.split('\n').findIndex((l) => l.trimStart().startsWith(lodashLine.trimStart())) + 1;
      const r = checkJson(dir, ['--lockfile', file]);
      const mismatch = r.report.findings.filter((f) => f.kind === 'lockfile-mismatch');
      expect(mismatch).toHaveLength(1);
      expect(mismatch[0]).toMatchObject({ package: 'lodash', severity: 'error', file, line: expectedLine, pins: ['4.17.21'] });
      expect(mismatch[0]!.message).toContain(`installs lodash@4.18.1`);
      const unpinned = r.report.findings.filter((f) => f.kind === 'unpinned' && f.file === file);
      expect(unpinned.map((f) => f.package)).toEqual(['color-name']);
      expect(r.status).toBe(1);
    });
  }

  it('npm: a package bundled in its dependent\'s tarball is not held to the pins', () => {
    const dir = workspaceFor('npm', pins);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    lock.packages['node_modules/supports-color'].bundleDependencies = ['has-flag'];
    lock.packages['node_modules/supports-color/node_modules/has-flag'] = { version: '4.0.1', inBundle: true, license: 'MIT' };
    writeFiles(dir, { 'package-lock.json': lock });
    expect(checkJson(dir, ['--lockfile', 'package-lock.json']).report.findings).toEqual([]);
    // the same node, not bundled, is a mismatch
    delete lock.packages['node_modules/supports-color'].bundleDependencies;
    delete lock.packages['node_modules/supports-color/node_modules/has-flag'].inBundle;
    writeFiles(dir, { 'package-lock.json': lock });
    expect(checkJson(dir, ['--lockfile', 'package-lock.json']).report.findings.map((f) => `${f.kind} ${f.package}`)).toEqual(['lockfile-mismatch has-flag']);
  });

  it('a file that is not a lockfile is an input error', () => {
    const dir = workspaceFor('npm', pins);
    const r = runCli(['check', '--cwd', dir, '--registry', `file:${dir}/registry.json`, '--lockfile', 'registry.json']);
    expect(r.status).toBe(2);
  });
});
