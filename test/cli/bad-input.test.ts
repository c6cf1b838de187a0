import { describe, expect, it } from 'vitest';
import { type Files, makeWorkspace, packument, runCli, snapshot } from '../helpers/workspace.js';

const good: Files = {
  'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
  'packages/a/package.json': { name: 'a', version: '1.0.0', dependencies: { lodash: '^4.17.0' } },
  'constraints/constraints.yaml': '# keep me\nlodash: 4.17.21\n',
  'registry.json': { lodash: packument({ '4.17.21': {} }) },
};

/** Runs check on a workspace with one file replaced; expects exit 2, the position in stderr, and no byte changed. */
function expectBadInput(override: Files, position: string, what: RegExp, extra: string[] = []) {
  const dir = makeWorkspace({ ...good, ...override });
  const before = snapshot(dir);
  const r = runCli(['check', '--cwd', dir, '--registry', `file:${dir}/registry.json`, ...extra]);
  expect(r.status, r.stderr + r.stdout).toBe(2);
  expect(r.stderr).toContain(position);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
  expect(snapshot(dir)).toEqual(before);
}

describe('bad input exits 2 naming file:line:col, and writes nothing', () => {
  it('malformed YAML in the constraints file', () => {
    expectBadInput({ 'constraints/constraints.yaml': 'lodash: 4.17.21\nsemver: [7.6.3\n' }, 'constraints/constraints.yaml:3:1', /malformed YAML/);
  });
  it('a range as a pin', () => {
    expectBadInput({ 'constraints/constraints.yaml': '# x\nlodash: ^4.17.21\n' }, 'constraints/constraints.yaml:2:9', /is a range/);
  });
  it('a tag as a pin', () => {
    expectBadInput({ 'constraints/constraints.yaml': 'lodash: latest\n' }, 'constraints/constraints.yaml:1:9', /is a tag/);
  });
  it('a v-prefixed version as a pin', () => {
    expectBadInput({ 'constraints/constraints.yaml': 'lodash: v4.17.21\n' }, 'constraints/constraints.yaml:1:9', /has a prefix/);
  });
  it('a malformed version inside a list', () => {
    expectBadInput({ 'constraints/constraints.yaml': 'lodash: [4.17.21, 4.17.21.1]\n' }, 'constraints/constraints.yaml:1:19', /not a valid version/);
  });
  it('a duplicate key', () => {
    expectBadInput({ 'constraints/constraints.yaml': 'lodash: 4.17.21\nchalk: 5.3.0\nlodash: 4.17.20\n' }, 'constraints/constraints.yaml:3:1', /malformed YAML: duplicate key "lodash"/);
  });
  it('malformed JSON in a member package.json', () => {
    expectBadInput({ 'packages/a/package.json': '{\n  "name": "a",\n  "version": "1.0.0",\n}\n' }, 'packages/a/package.json:4:1', /malformed JSON/);
  });
  it('an unknown config key', () => {
    expectBadInput({ 'constrain.config.yaml': 'constraints: constraints/constraints.yaml\nsingleversion: [react]\n' }, 'constrain.config.yaml:2:1', /unknown config key "singleversion" \(did you mean "singleVersion"\?\)/);
  });
  it('an unknown nested config key', () => {
    expectBadInput({ 'constrain.config.yaml': 'propose:\n  branch: x\n  lables: [deps]\n' }, 'constrain.config.yaml:3:3', /unknown config key "propose.lables" \(did you mean "labels"\?\)/);
  });
  it('a member glob that matches nothing', () => {
    expectBadInput({ 'constrain.config.yaml': 'members:\n  - packages/*\n  - apps/*\n' }, 'constrain.config.yaml:2:3', /"apps\/\*" matches no directory/);
  });
  it('a workspaces glob in package.json that matches nothing', () => {
    expectBadInput({ 'package.json': { name: 'fam', private: true, workspaces: ['libs/*'] } }, 'package.json:4:', /"libs\/\*" matches no directory/);
  });
  it('a malformed fixture registry', () => {
    expectBadInput({ 'registry.json': '{"lodash": {"versions": }' }, 'registry.json:1:', /malformed JSON/);
  });
  it('a catalog: spec with no catalog entry', () => {
    expectBadInput(
      { 'package.json': { name: 'fam', private: true }, 'pnpm-workspace.yaml': 'packages: [packages/*]\n', 'packages/a/package.json': '{\n  "name": "a",\n  "dependencies": {\n    "lodash": "catalog:"\n  }\n}\n' },
      'packages/a/package.json:4:5',
      /no catalog entry for lodash/,
    );
  });
  it('an unknown flag', () => {
    const r = runCli(['check', '--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
  });
  it('an unknown format', () => {
    const r = runCli(['check', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('xml');
  });
  it('an unknown command', () => {
    expect(runCli(['chekc']).status).toBe(2);
  });
});
