import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import { checkJson, type Files, makeWorkspace, packument } from '../helpers/workspace.js';

/** The 1-based line of the first line containing `needle` in a workspace file. */
function lineOf(dir: string, file: string, needle: string): number {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

const registry = {
  lodash: packument({ '3.10.1': {}, '4.17.20': {}, '4.17.21': {} }),
  express: packument({ '4.19.2': { dependencies: { accepts: '~1.3.8', debug: '2.6.9' } } }),
  accepts: packument({ '1.3.8': {} }),
  debug: packument({ '2.6.9': { dependencies: { ms: '2.0.0' } }, '4.3.4': { dependencies: { ms: '2.1.2' } } }),
  ms: packument({ '2.0.0': {}, '2.1.2': {} }),
  react: packument({ '17.0.2': {}, '18.2.0': {}, '18.3.1': {} }),
  'react-dom': packument({ '18.2.0': { peerDependencies: { react: '^18.2.0' } } }),
  'chart-kit': packument({ '2.1.0': { peerDependencies: { react: '^17.0.2' } } }),
  'old-widget': packument({ '1.0.0': { peerDependencies: { react: '^16.0.0' } } }),
  'left-pad': packument({ '1.3.0': { deprecated: 'use padStart' } }),
  modern: packument({ '1.0.0': { engines: { node: '>=22' } } }),
  chalk: packument({ '4.1.2': {}, '5.3.0': {} }),
};

function workspace(members: Record<string, object>, constraints: string, extra: Files = {}): string {
  const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] }, 'registry.json': registry, 'constraints/constraints.yaml': constraints, ...extra };
  for (const [dir, manifest] of Object.entries(members)) files[`packages/${dir}/package.json`] = manifest;
  return makeWorkspace(files);
}

function only(findings: Finding[], kind: string): Finding {
  const hits = findings.filter((f) => f.kind === kind);
  expect(hits, JSON.stringify(findings, null, 1)).toHaveLength(1);
  return hits[0]!;
}

describe('check finds each kind, with package, severity, file and line', () => {
  it('a clean workspace passes with exit 0', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } }, 'lodash: 4.17.21\n');
    const { status, report } = checkJson(dir);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ members: 1, packages: 1, pins: 1, errors: 0, warnings: 0 });
    expect(status).toBe(0);
  });

  it('unpinned: a transitive edge reaches a name with no pin', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { express: '^4.19.0' } } }, 'accepts: 1.3.8\ndebug: 2.6.9\nexpress: 4.19.2\n');
    const { status, report } = checkJson(dir);
    const f = only(report.findings, 'unpinned');
    expect(f).toMatchObject({ package: 'ms', severity: 'error', suggestion: 'pin ms to 2.0.0' });
    expect(f.requirements?.[0]?.path).toEqual(['a', 'express@4.19.2', 'debug@2.6.9']);
    expect(status).toBe(1);
  });

  it('unpinned: a member edge carries the file and line of the dependency', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { chalk: '^4.1.0', lodash: '^4.17.0' } } }, 'lodash: 4.17.21\n');
    const f = only(checkJson(dir).report.findings, 'unpinned');
    expect(f).toMatchObject({ package: 'chalk', severity: 'error', file: 'packages/a/package.json', line: lineOf(dir, 'packages/a/package.json', '"chalk"') });
  });

  it('pin-outside-range: the pin does not satisfy a member range but a published version would', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } }, 'lodash: 3.10.1\n');
    const { status, report } = checkJson(dir);
    const f = only(report.findings, 'pin-outside-range');
    expect(f).toMatchObject({ package: 'lodash', severity: 'error', file: 'packages/a/package.json', line: lineOf(dir, 'packages/a/package.json', '"lodash"'), col: 5, pins: ['3.10.1'], suggestion: 'pin lodash to 4.17.21' });
    expect(f.requirements).toEqual([{ by: 'a', range: '^4.17.0', path: ['a'], file: 'packages/a/package.json', line: f.line, col: 5 }]);
    expect(status).toBe(1);
  });

  it('unsatisfiable: members whose ranges share no published version, once per name, with a derivation', () => {
    const dir = workspace(
      { a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^3.0.0' } }, b: { name: 'b', version: '1.0.0', dependencies: { lodash: '^4.0.0' } } },
      'lodash: [4.17.21, 3.10.1]\n',
    );
    const f = only(checkJson(dir).report.findings, 'unsatisfiable');
    expect(f).toMatchObject({ package: 'lodash', severity: 'error', file: 'packages/a/package.json', line: lineOf(dir, 'packages/a/package.json', '"lodash"') });
    expect(f.requirements?.map((r) => [r.by, r.range, r.file])).toEqual([
      ['a', '^3.0.0', 'packages/a/package.json'],
      ['b', '^4.0.0', 'packages/b/package.json'],
    ]);
    expect(f.explanation).toContain(`Because a depends on lodash ^3.0.0 (packages/a/package.json:${f.line}) and b depends on lodash ^4.0.0 (packages/b/package.json:`);
    expect(f.explanation).toContain('a is incompatible with b.');
    expect(f.explanation).toContain('So, because the workspace includes both a and b, the workspace cannot be installed.');
    expect(f.explanation).toContain('members must agree on one version');
    // the same derivation, as data: the failure at the root, external facts with their positions
    const d = f.derivation!;
    expect(d.nodes[d.root]!.cause.type).toBe('derived');
    const facts = d.nodes.filter((n) => n.cause.type === 'dependency').map((n) => n.cause);
    expect(facts).toContainEqual(
      expect.objectContaining({ type: 'dependency', depender: 'a', dependency: 'lodash', range: '^3.0.0', position: { file: 'packages/a/package.json', line: f.line, col: 5 } }),
    );
    expect(facts).toContainEqual(expect.objectContaining({ depender: 'b', range: '^4.0.0', position: expect.objectContaining({ file: 'packages/b/package.json' }) }));
  });

  it('unsatisfiable: a range no published version satisfies', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^9.0.0' } } }, 'lodash: 4.17.21\n');
    const f = only(checkJson(dir).report.findings, 'unsatisfiable');
    expect(f).toMatchObject({ package: 'lodash', severity: 'error', line: lineOf(dir, 'packages/a/package.json', '"lodash"') });
    expect(f.explanation).toContain('a depends on lodash ^9.0.0');
    expect(f.explanation).toContain('which no usable version of lodash satisfies');
  });

  it('pin-outside-range: members resolving a name to different pins must agree', () => {
    const dir = workspace(
      { a: { name: 'a', version: '1.0.0', dependencies: { react: '^18.0.0' } }, b: { name: 'b', version: '1.0.0', dependencies: { react: '>=17.0.0 <18.3.0' } } },
      'react: [18.3.1, 18.2.0]\n',
    );
    const f = only(checkJson(dir).report.findings, 'pin-outside-range');
    expect(f).toMatchObject({ package: 'react', severity: 'error', file: 'packages/a/package.json', suggestion: 'pin react to 18.2.0 alone, which every member\'s range admits' });
    expect(f.message).toContain('different pins (18.3.1, 18.2.0)');
  });

  it('allowMultiple lets members use different major lines', () => {
    const dir = workspace(
      { a: { name: 'a', version: '1.0.0', dependencies: { chalk: '^4.1.0' } }, b: { name: 'b', version: '1.0.0', dependencies: { chalk: '^5.0.0' } } },
      'chalk: [5.3.0, 4.1.2]\n',
      { 'constrain.config.yaml': 'allowMultiple: [chalk]\n' },
    );
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('multiple-pins: a singleVersion name carries several pins', () => {
    const dir = workspace(
      { a: { name: 'a', version: '1.0.0', dependencies: { react: '^18.0.0' } }, b: { name: 'b', version: '1.0.0', dependencies: { react: '^17.0.0' } } },
      'react: [18.2.0, 17.0.2]\n',
      { 'constrain.config.yaml': 'singleVersion: [react]\nallowMultiple: [react]\n' },
    );
    const { report } = checkJson(dir);
    const f = only(report.findings, 'multiple-pins');
    expect(f).toMatchObject({ package: 'react', severity: 'error', file: 'constraints/constraints.yaml', line: 1, pins: ['18.2.0', '17.0.2'] });
    expect(only(report.findings, 'unsatisfiable').message).toContain('react is singleVersion');
  });

  it('singleVersion "*" holds every name to one version', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { express: '^4.19.0', debug: '^4.0.0' } } }, 'accepts: 1.3.8\ndebug: [4.3.4, 2.6.9]\nexpress: 4.19.2\nms: [2.1.2, 2.0.0]\n', {
      'constrain.config.yaml': 'singleVersion: ["*"]\n',
    });
    const kinds = checkJson(dir).report.findings.map((f) => `${f.kind}:${f.package}`);
    expect(kinds).toContain('multiple-pins:debug');
    expect(kinds).toContain('multiple-pins:ms');
    expect(kinds).toContain('unsatisfiable:debug');
  });

  it('peer-unsatisfied: a peer range not met by the version the dependent sees', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { react: '^17.0.0 || ^18.0.0', 'chart-kit': '^2.0.0' } } }, 'chart-kit: 2.1.0\nreact: 18.2.0\n');
    const f = only(checkJson(dir).report.findings, 'peer-unsatisfied');
    expect(f).toMatchObject({ package: 'react', severity: 'error', file: 'packages/a/package.json', line: lineOf(dir, 'packages/a/package.json', '"react"'), suggestion: expect.stringContaining('pin react to 17.0.2') });
    expect(f.requirements?.map((r) => r.by)).toEqual(['a', 'chart-kit@2.1.0']);
  });

  it('a peer that no common version can meet is unsatisfiable, listing both requirements', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { react: '^18.0.0', 'old-widget': '^1.0.0' } } }, 'old-widget: 1.0.0\nreact: 18.2.0\n');
    const f = only(checkJson(dir).report.findings, 'unsatisfiable');
    expect(f.package).toBe('react');
    expect(f.requirements?.map((r) => `${r.by} ${r.range}`)).toEqual(['a ^18.0.0', 'old-widget@1.0.0 ^16.0.0']);
  });

  it('a peer nobody above requires is installed like an ordinary edge; an optional one is skipped', () => {
    const reg = { ...registry, plugin: packument({ '1.0.0': { peerDependencies: { react: '^18.0.0', ms: '^2.0.0' }, peerDependenciesMeta: { ms: { optional: true } } } }) };
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { plugin: '^1.0.0' } } }, 'plugin: 1.0.0\n', { 'registry.json': reg });
    const f = only(checkJson(dir).report.findings, 'unpinned');
    expect(f.package).toBe('react');
    expect(f.requirements?.[0]?.by).toBe('plugin@1.0.0');
  });

  it('internal-range: a member requires another member outside its version', () => {
    const dir = workspace(
      { a: { name: '@fam/a', version: '1.4.0' }, b: { name: '@fam/b', version: '1.0.0', dependencies: { '@fam/a': '^2.0.0', '@fam/c': 'workspace:*' } }, c: { name: '@fam/c', version: '0.1.0' } },
      '',
    );
    const f = only(checkJson(dir).report.findings, 'internal-range');
    expect(f).toMatchObject({ package: '@fam/a', severity: 'error', file: 'packages/b/package.json', line: lineOf(dir, 'packages/b/package.json', '"@fam/a"'), suggestion: 'widen packages/b/package.json:' + f.line + ' to ^1.4.0' });
  });

  it('members are never pinned: an edge to a member resolves to the member, even if published', () => {
    const reg = { ...registry, '@fam/a': packument({ '9.0.0': {} }) };
    const dir = workspace({ a: { name: '@fam/a', version: '1.0.0' }, b: { name: '@fam/b', version: '1.0.0', dependencies: { '@fam/a': '^1.0.0' } } }, '', { 'registry.json': reg });
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('missing-version: a pinned version that is not published', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } }, '# pins\nlodash: 4.17.99\n');
    const { report } = checkJson(dir);
    expect(only(report.findings, 'missing-version')).toMatchObject({ package: 'lodash', severity: 'error', file: 'constraints/constraints.yaml', line: 2 });
  });

  it('missing-version: a pinned package the registry does not have (404)', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { ghost: '^1.0.0' } } }, 'ghost: 1.0.0\n');
    const f = only(checkJson(dir).report.findings, 'missing-version');
    expect(f).toMatchObject({ package: 'ghost', line: 1, message: 'ghost does not exist on the registry' });
  });

  it('engine-mismatch: a pin whose engines.node does not admit the configured range', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { modern: '^1.0.0' } } }, 'modern: 1.0.0\n', { 'constrain.config.yaml': 'engines:\n  node: ">=20.17"\n' });
    expect(only(checkJson(dir).report.findings, 'engine-mismatch')).toMatchObject({ package: 'modern', severity: 'error', file: 'constraints/constraints.yaml', line: 1 });
  });

  it('engine-mismatch binds the runtime closure: a dev tool with narrower engines is not reported', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', devDependencies: { modern: '^1.0.0' } } }, 'modern: 1.0.0\n', { 'constrain.config.yaml': 'engines:\n  node: ">=20.17"\n' });
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('engine-mismatch uses the root package.json engines.node when the config has none', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { modern: '^1.0.0' } } }, 'modern: 1.0.0\n', {
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], engines: { node: '>=22.9.0' } },
    });
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('excluded-pin: a pin in exclude', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } }, 'lodash: 4.17.20\n', { 'constrain.config.yaml': 'exclude:\n  lodash: "4.17.20"\n' });
    const f = only(checkJson(dir).report.findings, 'excluded-pin');
    expect(f).toMatchObject({ package: 'lodash', severity: 'error', file: 'constraints/constraints.yaml', line: 1 });
  });

  it('unused-pin: a pin no edge reaches', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } }, 'chalk: 5.3.0\nlodash: 4.17.21\n');
    const { status, report } = checkJson(dir);
    expect(only(report.findings, 'unused-pin')).toMatchObject({ package: 'chalk', severity: 'warning', file: 'constraints/constraints.yaml', line: 1 });
    expect(status).toBe(0);
  });

  it('unused-pin: a range change that orphans a subtree is one finding with the cascade, not one per pin', () => {
    // the member moved off express; express's subtree (accepts, debug 2.6.9, ms 2.0.0) is orphaned with it,
    // while ms 2.1.2 stays in use through debug 4.3.4
    const dir = workspace(
      { a: { name: 'a', version: '1.0.0', dependencies: { debug: '^4.3.0' } } },
      'accepts: 1.3.8\ndebug: [4.3.4, 2.6.9]\nexpress: 4.19.2\nms: [2.1.2, 2.0.0]\n',
    );
    const { status, report } = checkJson(dir);
    expect(only(report.findings, 'unused-pin')).toEqual({
      kind: 'unused-pin',
      severity: 'warning',
      package: 'express',
      file: 'constraints/constraints.yaml',
      line: 3,
      col: 10,
      pins: ['4.19.2'],
      message: 'no edge reaches express@4.19.2, nor the 3 pins only it needed (accepts@1.3.8, debug@2.6.9, ms@2.0.0)',
      cascade: ['accepts@1.3.8', 'debug@2.6.9', 'ms@2.0.0'],
      fix: { remove: ['express@4.19.2', 'accepts@1.3.8', 'debug@2.6.9', 'ms@2.0.0'] },
      suggestion: 'remove express@4.19.2 and the 3 pins only it needed (constrain check --fix)',
    });
    expect(status).toBe(0);
  });

  it('deprecated-pin: the pinned version is deprecated', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } } }, 'left-pad: 1.3.0\n');
    const { status, report } = checkJson(dir);
    expect(only(report.findings, 'deprecated-pin')).toMatchObject({ package: 'left-pad', severity: 'warning', line: 1, message: 'left-pad@1.3.0 is deprecated: use padStart' });
    expect(status).toBe(0);
  });

  it('unsorted: keys out of code-point order', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0', chalk: '^5.0.0' } } }, 'lodash: 4.17.21\nchalk: 5.3.0\n');
    expect(only(checkJson(dir).report.findings, 'unsorted')).toMatchObject({ package: 'chalk', severity: 'warning', file: 'constraints/constraints.yaml', line: 2 });
  });

  it('expired-hold: a hold whose until date has passed', () => {
    const config = '# policy\nhold:\n  chalk: { below: "5.0.0", reason: "ESM-only", until: 2020-01-01 }\n  lodash: { below: "5.0.0", reason: "later", until: 2999-01-01 }\n';
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { chalk: '^4.1.0' } } }, 'chalk: 4.1.2\n', { 'constrain.config.yaml': config });
    expect(only(checkJson(dir).report.findings, 'expired-hold')).toMatchObject({ package: 'chalk', severity: 'warning', file: 'constrain.config.yaml', line: 3 });
  });

  it('loose-tag: a dist-tag in a member range is resolved against the registry and flagged', () => {
    const reg = { ...registry, chalk: packument({ '4.1.2': {}, '5.3.0': {} }, { 'dist-tags': { latest: '5.3.0' } }) };
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { chalk: 'latest' } } }, 'chalk: 5.3.0\n', { 'registry.json': reg });
    const { status, report } = checkJson(dir);
    expect(report.findings).toHaveLength(1);
    expect(only(report.findings, 'loose-tag')).toMatchObject({ package: 'chalk', severity: 'warning', file: 'packages/a/package.json', line: lineOf(dir, 'packages/a/package.json', '"chalk"'), suggestion: 'use ^5.3.0 in packages/a/package.json:' + lineOf(dir, 'packages/a/package.json', '"chalk"') });
    expect(status).toBe(0);
  });

  it('unmanaged: git and tarball specs are reported as info and not followed', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { gitdep: 'github:acme/gitdep#v1', tar: 'https://example.test/tar-1.0.0.tgz' } } }, '');
    const { status, report } = checkJson(dir);
    expect(report.findings.map((f) => [f.kind, f.package, f.severity, f.line])).toEqual([
      ['unmanaged', 'gitdep', 'info', lineOf(dir, 'packages/a/package.json', '"gitdep"')],
      ['unmanaged', 'tar', 'info', lineOf(dir, 'packages/a/package.json', '"tar"')],
    ]);
    expect(status).toBe(0);
  });

  it('npm: aliases resolve the aliased package', () => {
    const dir = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { 'lodash-four': 'npm:lodash@^4.17.0' } } }, 'lodash: 4.17.21\n');
    expect(checkJson(dir).report.findings).toEqual([]);
  });

  it('pnpm catalogs: catalog: specs resolve to the catalog range', () => {
    const dir = makeWorkspace({
      'package.json': { name: 'fam', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  lodash: ^4.17.0\ncatalogs:\n  legacy:\n    lodash: ^3.0.0\n',
      'packages/a/package.json': { name: 'a', version: '1.0.0', dependencies: { lodash: 'catalog:' } },
      'packages/b/package.json': { name: 'b', version: '1.0.0', dependencies: { lodash: 'catalog:legacy' } },
      'constraints/constraints.yaml': 'lodash: 4.17.21\n',
      'registry.json': registry,
    });
    const { report } = checkJson(dir);
    const f = only(report.findings, 'unsatisfiable');
    expect(f.requirements?.map((r) => r.range)).toEqual(['^4.17.0', '^3.0.0']);
  });

  it('devDependencies count for members unless dependencyTypes leaves them out', () => {
    const members = { a: { name: 'a', version: '1.0.0', devDependencies: { chalk: '^5.0.0' } } };
    expect(checkJson(workspace(members, '')).report.findings.map((f) => f.kind)).toEqual(['unpinned']);
    expect(checkJson(workspace(members, '', { 'constrain.config.yaml': 'dependencyTypes: [dependencies]\n' })).report.findings).toEqual([]);
  });

  it('config members may reach a sibling checkout of a repository that releases together', () => {
    const dir = makeWorkspace({
      'main/package.json': { name: 'main-root', private: true },
      'main/constrain.config.yaml': 'members: [packages/*, ../billing/packages/*]\n',
      'main/packages/a/package.json': { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } },
      'billing/packages/invoice/package.json': { name: 'invoice', version: '1.0.0', dependencies: { lodash: '^3.0.0' } },
      'main/constraints/constraints.yaml': 'lodash: 4.17.21\n',
      'main/registry.json': registry,
    });
    const { report } = checkJson(join(dir, 'main'));
    const f = only(report.findings, 'unsatisfiable');
    expect(f.requirements?.map((r) => r.file)).toEqual(['packages/a/package.json', '../billing/packages/invoice/package.json']);
  });
});
