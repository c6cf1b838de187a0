import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/run.js';
import { fixText } from '../../src/report/root-causes.js';
import { type Files, makeWorkspace, packument, runCli } from '../helpers/workspace.js';

/**
 * Ten members and three independent root causes: an upstream major that drops a peer range (ui-kit 3 needs
 * react 19), one member's narrow range (m10 pins lodash 4.17.15), and a hold (typescript below 5).
 */
function family(): string {
  const files: Files = {
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'constrain.config.yaml': 'hold:\n  typescript: { below: "5.0.0", reason: "the build is not ready" }\n',
    'constraints/constraints.yaml': 'lodash: 4.17.21\nreact: 18.3.1\nreact-dom: 18.3.1\ntypescript: 4.9.5\nui-kit: 3.0.0\n',
    'registry.json': {
      react: packument({ '18.2.0': {}, '18.3.1': {}, '19.0.0': {} }),
      'react-dom': packument({ '18.3.1': { peerDependencies: { react: '^18.3.1' } }, '19.0.0': { peerDependencies: { react: '^19.0.0' } } }),
      'ui-kit': packument({
        '2.4.0': { peerDependencies: { react: '^18.0.0 || ^19.0.0', 'react-dom': '^18.0.0 || ^19.0.0' } },
        '3.0.0': { peerDependencies: { react: '^19.0.0', 'react-dom': '^19.0.0' } },
      }),
      lodash: packument({ '4.17.15': {}, '4.17.21': {} }),
      typescript: packument({ '4.9.5': {}, '5.4.5': {} }),
    },
  };
  for (let i = 1; i <= 10; i++) {
    const name = `m${String(i).padStart(2, '0')}`;
    const dependencies: Record<string, string> = { react: '^18.2.0', 'react-dom': '^18.3.0', lodash: i === 10 ? '4.17.15' : '^4.17.21' };
    if (i <= 4) dependencies['ui-kit'] = '^3.0.0';
    files[`packages/${name}/package.json`] = { name: `@fam/${name}`, version: '1.0.0', dependencies, ...(i <= 6 ? { devDependencies: { typescript: '^5.0.0' } } : {}) };
  }
  return makeWorkspace(files);
}

const members = (n: number[]) => n.map((i) => `@fam/m${String(i).padStart(2, '0')}`);

describe('root-cause fixes in words', () => {
  it('a range with a target says so; one whose fix is the finding\'s own suggestion says that', () => {
    expect(fixText({ type: 'widen', file: 'packages/a/package.json', line: 5, name: 'lodash', from: '^3.0.0', to: '^4.17.21' })).toBe('widen packages/a/package.json:5 (lodash ^3.0.0) to ^4.17.21');
    const suggestion = 'release @fam/api and @fam/web together, keep a range on lodash that overlaps ^3.0.0 for one release';
    expect(fixText({ type: 'widen', file: 'packages/a/package.json', line: 5, name: 'lodash', from: '^4.17.0', suggestion })).toBe(suggestion);
  });
});

describe('check ranks root causes across the family', () => {
  const dir = family();
  const args = ['check', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`];

  it('json: rootCauses in order, each with its fact, fix, members and findings', () => {
    const r = runCli([...args, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.kind} ${f.package}`)).toEqual([
      'pin-outside-range typescript',
      'unsatisfiable lodash',
      'unsatisfiable react',
      'unsatisfiable react-dom',
    ]);
    const causes = report.rootCauses!;
    expect(causes.map((c) => [c.fact.type, c.members.length, c.findings])).toEqual([
      ['policy', 6, 1],
      ['upstream', 4, 2],
      ['range', 1, 1],
    ]);
    expect(causes[0]).toMatchObject({ fact: { policy: 'hold', name: 'typescript', file: 'constrain.config.yaml', line: 2 }, fix: { type: 'lift', policy: 'hold' }, members: members([1, 2, 3, 4, 5, 6]) });
    expect(causes[1]).toMatchObject({
      fact: { package: 'ui-kit', version: '3.0.0', requires: [{ name: 'react', range: '^19.0.0' }, { name: 'react-dom', range: '^19.0.0' }] },
      fix: { type: 'avoid', package: 'ui-kit', version: '3.0.0', use: '2.4.0' },
      members: members([1, 2, 3, 4]),
    });
    expect(causes[2]).toMatchObject({ fact: { member: '@fam/m10', name: 'lodash', range: '4.17.15', file: 'packages/m10/package.json' }, fix: { type: 'widen', to: '^4.17.21' }, members: ['@fam/m10'] });
  });

  it('text with --summary: the change that clears most first, with what it clears', () => {
    const r = runCli([...args, '--summary']);
    expect(r.status).toBe(1);
    const start = r.stdout.indexOf('root causes (3)');
    expect(start).toBeGreaterThan(0);
    const lines = r.stdout.slice(start).split('\n');
    expect(lines[1]).toBe('  1. lift the hold of typescript (constrain.config.yaml:2) — clears 1 finding in 6 members');
    expect(lines[3]).toBe(
      '  2. move off ui-kit 3.0.0: ui-kit 2.4.0 is the newest whose requirements fit, so narrow the ranges on ui-kit to ^2.4.0 (or wait for a fixed release) — clears 2 findings in 4 members',
    );
    expect(lines[4]).toContain('because ui-kit 3.0.0 requires react ^19.0.0 and react-dom ^19.0.0; breaks @fam/m01, @fam/m02, @fam/m03, @fam/m04');
    expect(lines[5]).toMatch(/^ {2}3\. widen packages\/m10\/package\.json:\d+ \(lodash 4\.17\.15\) to \^4\.17\.21 — clears 1 finding in 1 member$/);
    // without --summary the text stays as it was
    expect(runCli(args).stdout).not.toContain('root causes');
  });

  it('markdown: a ranked table for the step summary', () => {
    const r = runCli([...args, '--format', 'markdown']);
    expect(r.stdout).toContain('### Root causes, the change that clears most first');
    expect(r.stdout).toContain('| 1 | lift the hold of typescript (constrain.config.yaml:2) | clears 1 finding in 6 members | hold of typescript below 5.0.0 (constrain.config.yaml:2) |');
    expect(r.stdout.indexOf('| 2 | move off ui-kit 3.0.0')).toBeLessThan(r.stdout.indexOf('| 3 | widen packages/m10/package.json'));
  });

  it('the ranking is deterministic', () => {
    expect(runCli([...args, '--format', 'json']).stdout).toBe(runCli([...args, '--format', 'json']).stdout);
  });
});
