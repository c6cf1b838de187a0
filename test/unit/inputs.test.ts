import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/duration.js';
import { parseConfig } from '../../src/config/parse.js';
import { parsePlainConstraints } from '../../src/constraints/parse-plain.js';
import { parseConstraints, parseConstraintsYaml } from '../../src/constraints/parse-yaml.js';
import { exactVersionProblem } from '../../src/constraints/version-text.js';
import { InputError } from '../../src/errors.js';
import { classifySpec } from '../../src/graph/spec.js';
import { nameMatches } from '../../src/util/name-pattern.js';
import { LineIndex } from '../../src/util/text-position.js';
import { parsePackageJson } from '../../src/workspace/package-json.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('config', () => {
  const full = `constraints: pins/c.yaml
members: [packages/*, apps/*]
dependencyTypes: [dependencies, peerDependencies]
singleVersion: [react, "@types/*"]
allowMultiple: []
exclude:
  left-pad: "1.1.2"
  some-lib: "<2.0.0 || 3.1.4"
hold:
  chalk: { below: "5.0.0", reason: "ESM-only", until: 2027-03-01 }
engines:
  node: ">=20.17"
propose:
  minimumReleaseAge: 3d
  branch: constrain/propose
  labels: [dependencies]
  prerelease: false
  groups:
    babel: ["@babel/*"]
prior: v2026.1
`;
  it('reads every key of SPEC §2', () => {
    const c = parseConfig('/r', 'constrain.config.yaml', full);
    expect(c.constraints).toBe('pins/c.yaml');
    expect(c.members?.value).toEqual(['packages/*', 'apps/*']);
    expect(c.members?.position).toEqual({ file: 'constrain.config.yaml', line: 2, col: 10 });
    expect(c.dependencyTypes).toEqual(['dependencies', 'peerDependencies']);
    expect(c.singleVersion).toEqual(['react', '@types/*']);
    expect(c.exclude.map((e) => [e.name, e.range])).toEqual([
      ['left-pad', '1.1.2'],
      ['some-lib', '<2.0.0 || 3.1.4'],
    ]);
    expect(c.hold).toEqual([{ name: 'chalk', below: '5.0.0', reason: 'ESM-only', until: '2027-03-01', position: { file: 'constrain.config.yaml', line: 10, col: 3 } }]);
    expect(c.engines.node).toBe('>=20.17');
    expect(c.propose).toMatchObject({ minimumReleaseAge: 3 * 86_400_000, branch: 'constrain/propose', labels: ['dependencies'], prerelease: false, groups: { babel: ['@babel/*'] } });
    expect(c.prior).toBe('v2026.1');
  });
  it('defaults when empty', () => {
    const c = parseConfig('/r', 'c.yaml', '# nothing\n');
    expect(c.constraints).toBe('constraints/constraints.yaml');
    expect(c.dependencyTypes).toEqual(['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']);
  });
  it('rejects unknown keys, bad types and bad values at their position', () => {
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'memebrs: []\n')).message).toBe(
      'c.yaml:1:1: unknown config key "memebrs" (did you mean "members"?); expected one of constraints, members, dependencyTypes, singleVersion, allowMultiple, exclude, hold, engines, propose, prior',
    );
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'hold:\n  chalk: { below: "5.0.0", reasn: x }\n')).message).toBe(
      'c.yaml:2:28: unknown config key "hold.chalk.reasn" (did you mean "reason"?); expected one of below, reason, until',
    );
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'zzzzzz: 1\n')).message).not.toContain('did you mean');
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'propose:\n  prerelease: "yes"\n')).message).toBe('c.yaml:2:15: propose.prerelease "yes" must be a boolean');
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'singleVersion: { react: 1 }\n')).message).toBe('c.yaml:1:16: singleVersion must be a string or a list of strings');
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'dependencyTypes: [dependencies, bundled]\n')).position).toEqual({ file: 'c.yaml', line: 1, col: 33 });
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'exclude:\n  x: "not a range!"\n')).position?.line).toBe(2);
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'hold:\n  x: { reason: r }\n')).message).toContain('hold.x needs "below"');
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'hold:\n  x: { below: "1.0.0", until: soon }\n')).message).toContain('is not a date');
    expect(inputError(() => parseConfig('/r', 'c.yaml', 'propose:\n  minimumReleaseAge: forever\n')).message).toContain('is not a duration');
  });
  it('parses durations', () => {
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('3 days')).toBe(259_200_000);
    expect(parseDuration('1 day')).toBe(86_400_000);
    expect(parseDuration('2 weeks')).toBe(1_209_600_000);
    expect(parseDuration('90 minutes')).toBe(5_400_000);
    expect(parseDuration('36 hours')).toBe(129_600_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('3 fortnights')).toBeUndefined();
  });
});

describe('constraints file', () => {
  it('keeps the line and column of every pin, single and listed', () => {
    const c = parseConstraints('c.yaml', '# comment\n"@babel/core": 7.24.0\nsemver: [7.6.3, 6.3.1]\n');
    expect(c.pins).toEqual([
      { name: '@babel/core', version: '7.24.0', file: 'c.yaml', line: 2, col: 16 },
      { name: 'semver', version: '7.6.3', file: 'c.yaml', line: 3, col: 10 },
      { name: 'semver', version: '6.3.1', file: 'c.yaml', line: 3, col: 17 },
    ]);
    expect(c.keys.map((k) => [k.name, k.line])).toEqual([
      ['@babel/core', 2],
      ['semver', 3],
    ]);
  });
  it('reads 1.10.0-style versions as text, never as numbers', () => {
    expect(parseConstraints('c.yaml', 'x: 1.10.0\n').pins[0]?.version).toBe('1.10.0');
  });
  it('an empty file has no pins', () => {
    expect(parseConstraints('c.yaml', '').pins).toEqual([]);
  });
  it('rejects ranges, tags, prefixes, numbers, duplicates and non-mappings', () => {
    expect(exactVersionProblem('1.2.3')).toBeUndefined();
    expect(exactVersionProblem('1.2.3-rc.1+build.5')).toBeUndefined();
    expect(exactVersionProblem('^1.2.3')).toContain('is a range');
    expect(exactVersionProblem('1.x')).toContain('is a range');
    expect(exactVersionProblem('next')).toContain('is a tag');
    expect(exactVersionProblem('v1.2.3')).toContain('has a prefix');
    expect(exactVersionProblem('01.2.3')).toContain('not a valid version');
    expect(inputError(() => parseConstraints('c.yaml', 'x: 1.5\n')).message).toBe('c.yaml:1:4: x: "1.5" is a range; a pin must be an exact version');
    expect(inputError(() => parseConstraints('c.yaml', 'x: 1.0.0\nx: 2.0.0\n')).position).toEqual({ file: 'c.yaml', line: 2, col: 1 });
    expect(inputError(() => parseConstraints('c.yaml', 'x: [1.0.0, 1.0.0]\n')).message).toContain('pinned twice');
    expect(inputError(() => parseConstraints('c.yaml', '- a\n- b\n')).message).toContain('must be a mapping');
  });
});

describe('constraints file: the line reader agrees with the YAML parser', () => {
  const plainShapes = [
    '# Exact pins. Written by constrain.\n"@babel/core": 7.24.0\n"@types/node": [22.1.0, 20.19.43]\nlodash: 4.17.21 # kept\nsemver: [7.6.3, 6.3.1]\n',
    'x: 1.10.0\r\nyy: 2.0.0-rc.1+build.5\r\n',
    '\n\n  # indented comment\n7zip-bin: 5.2.0\nlodash.merge: 4.6.2\nUPPER: 1.0.0\nz: [ 1.0.0 ,  2.0.0 ]\n',
    '',
    '# only a comment\n',
  ];
  it.each(plainShapes)('reads %j exactly as YAML does', (text) => {
    const plain = parsePlainConstraints('c.yaml', text);
    expect(plain).toBeDefined();
    expect(plain).toEqual(parseConstraintsYaml('c.yaml', text));
  });
  const yamlShapes = [
    'x: 1.0.0\nx: 2.0.0\n', // a duplicate: YAML names it
    'x: [1.0.0, 1.0.0]\n',
    'x: ^1.0.0\n',
    'x: 1.5\n',
    'true: 1.0.0\n',
    '123: 1.0.0\n',
    'x: 1.0.0#c\n',
    ' x: 1.0.0\n',
    'x:\n  - 1.0.0\n  - 2.0.0\n',
    "'quoted': 1.0.0\n",
    '---\nx: 1.0.0\n',
    'x: []\n',
    'x: [1.0.0,]\n',
    'x: "1.0.0"\n',
    '- a\n',
  ];
  it.each(yamlShapes)('hands %j to the YAML parser', (text) => {
    expect(parsePlainConstraints('c.yaml', text)).toBeUndefined();
  });
  it('those shapes still read, or fail, as YAML says', () => {
    expect(parseConstraints('c.yaml', 'x:\n  - 1.0.0\n  - 2.0.0\n').pins.map((p) => [p.version, p.line, p.col])).toEqual([
      ['1.0.0', 2, 5],
      ['2.0.0', 3, 5],
    ]);
    expect(parseConstraints('c.yaml', "'quoted': 1.0.0\n").pins[0]?.name).toBe('quoted');
    expect(inputError(() => parseConstraints('c.yaml', 'true: 1.0.0\n')).message).toContain('plain string key');
  });
});

describe('package.json', () => {
  const text = '{\n  "name": "@acme/api",\n  "version": "1.2.0",\n  "dependencies": {\n    "lodash": "^4.17.0"\n  },\n  "peerDependencies": { "react": "^18" },\n  "peerDependenciesMeta": { "react": { "optional": true } },\n  "workspaces": { "packages": ["a/*"] }\n}\n';
  it('keeps the line and column of every dependency', () => {
    const p = parsePackageJson('p.json', text);
    expect(p.name).toBe('@acme/api');
    expect(p.dependencies).toEqual([
      { name: 'lodash', spec: '^4.17.0', type: 'dependencies', file: 'p.json', line: 5, col: 5 },
      { name: 'react', spec: '^18', type: 'peerDependencies', file: 'p.json', line: 7, col: 25 },
    ]);
    expect([...p.peerOptional]).toEqual(['react']);
    expect(p.workspaces?.patterns).toEqual(['a/*']);
  });
  it('rejects comments, trailing commas and non-string specs with a position', () => {
    expect(inputError(() => parsePackageJson('p.json', '{\n  // no\n  "name": "x"\n}')).position).toEqual({ file: 'p.json', line: 2, col: 3 });
    expect(inputError(() => parsePackageJson('p.json', '{ "dependencies": { "a": 1 } }')).message).toContain('dependencies.a must be a string');
  });
});

describe('dependency specs (SPEC §3)', () => {
  const ctx = { members: new Map([['@acme/core', 'packages/core']]), dependentDir: 'packages/api', catalogs: { default: { react: '^18.2.0' }, legacy: { react: '^17.0.0' } } };
  it.each([
    ['lodash', '^4.17.0', { kind: 'registry', name: 'lodash', range: '^4.17.0' }],
    ['lodash', '', { kind: 'registry', name: 'lodash', range: '*' }],
    ['lodash', 'latest', { kind: 'tag', name: 'lodash', tag: 'latest' }],
    ['lo', 'npm:lodash@^4.0.0', { kind: 'registry', name: 'lodash', range: '^4.0.0' }],
    ['react', 'catalog:', { kind: 'registry', name: 'react', range: '^18.2.0' }],
    ['react', 'catalog:legacy', { kind: 'registry', name: 'react', range: '^17.0.0' }],
    ['@acme/core', 'workspace:*', { kind: 'internal', member: '@acme/core', range: '*' }],
    ['@acme/core', 'workspace:^1.2.0', { kind: 'internal', member: '@acme/core', range: '^1.2.0' }],
    ['@acme/core', '^1.0.0', { kind: 'internal', member: '@acme/core', range: '^1.0.0' }],
    ['core', 'file:../core', { kind: 'internal', member: '@acme/core', range: '*' }],
    ['core', 'link:../core', { kind: 'internal', member: '@acme/core', range: '*' }],
    ['x', 'file:../../vendor/x', { kind: 'unmanaged', reason: 'local path file:../../vendor/x' }],
    ['x', 'github:acme/x#v1', { kind: 'unmanaged', reason: 'git dependency github:acme/x#v1' }],
    ['x', 'acme/x', { kind: 'unmanaged', reason: 'git dependency acme/x' }],
    ['x', 'git+https://example.test/x.git', { kind: 'unmanaged', reason: 'git dependency git+https://example.test/x.git' }],
    ['x', 'https://example.test/x.tgz', { kind: 'unmanaged', reason: 'tarball URL https://example.test/x.tgz' }],
  ])('%s@%s', (name, spec, expected) => {
    expect(classifySpec(name, spec, ctx)).toEqual(expected);
  });
});

describe('small helpers', () => {
  it('matches name patterns', () => {
    expect(nameMatches('@types/*', '@types/node')).toBe(true);
    expect(nameMatches('@types/*', '@typesx/node')).toBe(false);
    expect(nameMatches('*', 'anything')).toBe(true);
    expect(nameMatches('react', 'react-dom')).toBe(false);
  });
  it('maps offsets to lines and columns', () => {
    const ix = new LineIndex('ab\ncd\n\nef');
    expect(ix.position(0)).toEqual({ line: 1, col: 1 });
    expect(ix.position(4)).toEqual({ line: 2, col: 2 });
    expect(ix.position(7)).toEqual({ line: 4, col: 1 });
  });
});
