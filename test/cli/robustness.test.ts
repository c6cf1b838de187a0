import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Files, makeWorkspace, runCli } from '../helpers/workspace.js';

/**
 * No input ends in an internal error: every exception path the tests can reach ends in a clear message and a
 * documented exit code (0, 1, 2 or 3), never a stack trace.
 */
const base = (extra: Files = {}): string =>
  makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/a/package.json': { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.0.0', weird: '^1.0.0', odd: '*' } },
    'constraints/constraints.yaml': 'lodash: 4.17.21\nweird: 1.0.0\n',
    'registry.json': {
      lodash: { versions: { '4.17.21': {} } },
      // every field of a packument in a shape the registry should never send
      weird: {
        versions: {
          '1.0.0': {
            dependencies: { x: 'catalog:', y: 'workspace:*', z: '>>>', w: 'npm:', v: 'npm:@', u: 5, t: null, s: 'latest', r: 'git+ssh://x' },
            optionalDependencies: ['q'],
            peerDependencies: { lodash: 'not a range', react: 7 },
            peerDependenciesMeta: 'zz',
            engines: [1],
            deprecated: 7,
          },
          '2.0.0': null,
          banana: {},
        },
        'dist-tags': { latest: 'nope', next: 5 },
        time: 'x',
      },
      odd: { versions: ['1.0.0'] },
    },
    ...extra,
  });

const COMMANDS = [
  ['check'],
  ['check', '--format', 'json'],
  ['check', '--format', 'markdown'],
  ['check', '--format', 'github'],
  ['generate', '--write'],
  ['why', 'weird'],
  ['propose'],
  ['export', '--to', 'npm', '--write'],
  ['export', '--to', 'pnpm'],
  ['export', '--to', 'yarn'],
];

function expectClean(dir: string, args: string[]): { status: number | null; stderr: string } {
  const r = runCli([...args, '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`]);
  expect(r.stderr, args.join(' ')).not.toContain('internal error');
  expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
  expect([0, 1, 2, 3], `${args.join(' ')}: ${r.stderr}`).toContain(r.status);
  return r;
}

describe('no input ends in an internal error', () => {
  it('packuments of every odd shape, through every command', () => {
    const dir = base();
    for (const args of COMMANDS) expectClean(dir, args);
  });

  it('a directory where a file is expected: exit 2 naming the file', () => {
    for (const file of ['constraints/constraints.yaml', 'constrain.config.yaml', 'pnpm-workspace.yaml', 'packages/a/package.json']) {
      const dir = base();
      rmSync(join(dir, file), { force: true });
      mkdirSync(join(dir, file), { recursive: true });
      const r = expectClean(dir, ['check']);
      expect(r.status, file).toBe(2);
      expect(r.stderr).toContain(`${file}:1:1: cannot read ${file}: it is a directory`);
    }
  });

  it('malformed manifest fields: exit 2 at the field', () => {
    const cases: [object, string][] = [
      [{ name: 'fam', workspaces: { packages: 5 } }, '"workspaces" must be a list of globs'],
      [{ name: 'fam', workspaces: ['packages/*'], overrides: [1] }, '"overrides" must be an object'],
      [{ name: 'fam', workspaces: ['packages/*'], pnpm: 5 }, '"pnpm" must be an object'],
      [{ name: 'fam', workspaces: ['packages/*'], pnpm: { overrides: 'x' } }, '"pnpm.overrides" must be an object'],
    ];
    for (const [manifest, message] of cases) {
      const dir = base({ 'package.json': manifest });
      for (const args of [['check'], ['export', '--to', 'pnpm', '--write']]) {
        const r = expectClean(dir, args);
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(message);
      }
    }
  });

  it('lockfiles of every kind with odd entries', () => {
    const locks: [string, string][] = [
      ['package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/x":null,"node_modules/lodash":{"version":5},"":7}}'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":[1,2]}'],
      ['package-lock.json', '{"lockfileVersion":1}'],
      ['package-lock.json', '{not json'],
      ['pnpm-lock.yaml', 'lockfileVersion: 9\npackages:\n  - a\n  - b\n'],
      ['pnpm-lock.yaml', "lockfileVersion: 9\npackages:\n  /lodash@4.17.21: 5\n  '@x': {version: [1]}\n  lodash@1.0.0: {version: 7}\n  '': {}\n"],
      ['pnpm-lock.yaml', ': : :\n'],
      ['yarn.lock', '__metadata:\n  version: 8\n"lodash@npm:^4":\n  resolution: "lodash@npm:4.17.21"\n"x@npm:1":\n  resolution: 5\n"y@npm:1":\n  resolution: "y@npm:1"\n'],
      ['yarn.lock', 'garbage\n  version\nlodash@^4:\n  version "4.17.21"\n"":\n  version\n'],
      ['yarn.lock', '\u0000\u0001binary'],
    ];
    for (const [file, text] of locks) {
      const dir = base();
      writeFileSync(join(dir, file), text);
      const r = expectClean(dir, ['check', '--lockfile', file]);
      expect(r.stderr).not.toContain('undefined');
    }
    const dir = base();
    mkdirSync(join(dir, 'yarn.lock'));
    expect(expectClean(dir, ['check', '--lockfile', 'yarn.lock']).status).toBe(2);
    expect(expectClean(dir, ['check', '--lockfile', 'missing.lock']).status).toBe(2);
  });
});
