import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { propose } from '../../src/api/propose.js';
import { makeWorkspace } from '../helpers/workspace.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/propose');
const NOW = new Date('2026-11-22T12:00:00Z');

function copy(): string {
  const dir = makeWorkspace({});
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('propose: candidates, groups and held-back reasons', () => {
  it('takes every bump that stays co-installable and gives each held-back bump a specific reason', async () => {
    const dir = copy();
    const r = await propose({ cwd: dir, registry: `file:${join(dir, 'registry.json')}`, now: NOW });
    if (!r.ok) throw new Error(r.explanation);
    expect(r.bumps.map((b) => `${b.package} ${b.from}→${b.to} ${b.type} ${b.published}`)).toEqual([
      'chalk 4.1.0→4.1.2 patch 2025-06-01T00:00:00.000Z',
      'lodash 4.17.20→4.17.21 patch 2025-06-01T00:00:00.000Z',
      'modern 1.0.0→1.1.0 minor 2025-06-01T00:00:00.000Z',
      'react 18.2.0→18.3.1 minor 2025-06-01T00:00:00.000Z',
      'react-widget 2.0.0→2.1.0 minor 2025-06-01T00:00:00.000Z',
      'semver 7.5.0→7.6.3 minor 2025-06-01T00:00:00.000Z',
      'uuid 9.0.0→9.0.1 patch 2025-06-01T00:00:00.000Z',
    ]);
    const reasons = Object.fromEntries(r.heldBack.map((h) => [h.package, `${h.current}→${h.newest}: ${h.reason.text}`]));
    expect(reasons).toEqual({
      '@babel/core': '7.20.0→7.21.0: group babel moves together, and @babel/parser cannot move now',
      '@babel/parser': '7.20.0→7.21.0: 7.21.0 was published 1 day ago; minimumReleaseAge is 3d',
      chalk: '4.1.2→5.3.0: hold: ESM-only; members are still CommonJS (until 2027-03-01)',
      'left-pad': '1.1.0→1.3.0: 1.3.0 is deprecated: use String.prototype.padStart()',
      lodash: '4.17.21→4.17.22: 4.17.22 is excluded (4.17.22)',
      modern: '1.1.0→2.0.0: 2.0.0 needs node >=23; engines.node is ^20.17.0 || >=22.9.0',
      react: '18.3.1→19.0.0: 19.0.0 is outside ^18.0.0 required by packages/web/package.json:5; widen that range to take it',
      'react-widget': expect.stringContaining('react-widget 3.0.0 needs peer react ^19.0.0') as unknown as string,
      uuid: '9.0.1→10.0.0: 10.0.0 is outside ^9.0.0 required by packages/api/package.json:12 and packages/web/package.json:7; widen those ranges to take it',
    });
    expect(reasons['react-widget']).toContain('@demo/web depends on react ^18.0.0 (packages/web/package.json:5)');
    // the same reasons as data
    const kinds = Object.fromEntries(r.heldBack.map((h) => [h.package, h.reason.kind]));
    expect(kinds).toEqual({
      '@babel/core': 'group',
      '@babel/parser': 'age',
      chalk: 'hold',
      'left-pad': 'deprecated',
      lodash: 'exclude',
      modern: 'engines',
      react: 'range',
      'react-widget': 'conflict',
      uuid: 'range',
    });
    const reason = (name: string) => r.heldBack.find((h) => h.package === name)!.reason;
    expect(reason('uuid')).toMatchObject({ requirements: [{ member: '@demo/api', range: '^9.0.0', file: 'packages/api/package.json', line: 12 }, { member: '@demo/web', range: '^9.0.0', line: 7 }] });
    expect(reason('@babel/core')).toMatchObject({ group: 'babel', stuck: ['@babel/parser'] });
    expect(reason('modern')).toMatchObject({ engines: '>=23' });
    const conflict = reason('react-widget');
    expect(conflict.kind === 'conflict' && conflict.derivation?.nodes.some((n) => n.cause.type === 'dependency' && n.cause.verb === 'needs peer')).toBe(true);
    // and what comes next: the majors already released that would break members
    expect(r.comingUp).toEqual([
      { package: 'modern', version: '2.0.0', members: ['@demo/api'] },
      { package: 'react', version: '19.0.0', members: ['@demo/web'] },
      { package: 'react-widget', version: '3.0.0', members: ['@demo/web'] },
      { package: 'uuid', version: '10.0.0', members: ['@demo/api', '@demo/web'] },
    ]);
    expect(r.pr).toBeNull();
    expect(r.written).toBe(false);
  });

  it('a prerelease is proposed only when configured', async () => {
    const dir = copy();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'constrain.config.yaml'), `${readFileSync(join(dir, 'constrain.config.yaml'), 'utf8').replace('propose:\n', 'propose:\n  prerelease: true\n')}`);
    writeFileSync(join(dir, 'packages/api/package.json'), readFileSync(join(dir, 'packages/api/package.json'), 'utf8').replace('"semver": "^7.0.0"', '"semver": "^7.0.0 || >=8.0.0-rc.0"'));
    const r = await propose({ cwd: dir, registry: `file:${join(dir, 'registry.json')}`, now: NOW });
    if (!r.ok) throw new Error(r.explanation);
    expect(r.bumps.find((b) => b.package === 'semver')).toMatchObject({ to: '8.0.0-rc.1', type: 'major' });
  });

  it('--write rewrites the constraints file: comments kept, sorted, atomic', async () => {
    const dir = copy();
    const r = await propose({ cwd: dir, registry: `file:${join(dir, 'registry.json')}`, now: NOW, write: true });
    expect(r.ok && r.written).toBe(true);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe(
      '# Pins for the propose demo.\n"@babel/core": 7.20.0\n"@babel/parser": 7.20.0\nchalk: 4.1.2\nleft-pad: 1.1.0\nlodash: 4.17.21\nmodern: 1.1.0\nreact: 18.3.1\nreact-widget: 2.1.0\nsemver: 7.6.3\nuuid: 9.0.1\n',
    );
  });

  it('drops transitive pins that are no longer needed', async () => {
    const dir = makeWorkspace({
      'package.json': { name: 'app', version: '1.0.0', dependencies: { a: '*' } },
      'constraints/constraints.yaml': 'a: 1.0.0\nold-dep: 1.0.0\n',
      'registry.json': { a: { versions: { '1.0.0': { dependencies: { 'old-dep': '^1.0.0' } }, '2.0.0': {} } }, 'old-dep': { versions: { '1.0.0': {} } } },
    });
    const r = await propose({ cwd: dir, registry: `file:${join(dir, 'registry.json')}`, now: NOW, write: true });
    expect(r.ok && r.removed).toEqual([{ package: 'old-dep', version: '1.0.0' }]);
    expect(r.ok && r.bumps).toEqual([{ package: 'a', from: '1.0.0', to: '2.0.0', type: 'major', published: null }]);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe('a: 2.0.0\n');
  });
});
