import { describe, expect, it } from 'vitest';
import { renderDerivation } from '../../src/report/derivation.js';
import { solveTable as solveTableData, type Table } from '../../src/solver/table-provider.js';

/** The table solver, with its derivation in words as users read it. */
function solveTable(table: Table, root: Record<string, string>) {
  const r = solveTableData(table, root);
  return r.ok ? r : { ...r, explanation: renderDerivation(r.derivation, 'root') };
}

/**
 * Resolution cases transcribed from public resolver suites (Dart pub's doc/solver.md examples and
 * version_solver_test.dart; pubgrub-rs's examples). One version per package, as those resolvers assume.
 */
interface Case {
  name: string;
  source: string;
  root: Record<string, string>;
  table: Table;
  solution?: Record<string, string>;
  /** fragments the failure explanation must contain */
  failure?: string[];
}

const cases: Case[] = [
  {
    name: 'no conflicts',
    source: 'pub solver.md',
    root: { foo: '^1.0.0' },
    table: { foo: { '1.0.0': { bar: '^1.0.0' } }, bar: { '1.0.0': {}, '2.0.0': {} } },
    solution: { bar: '1.0.0', foo: '1.0.0' },
  },
  {
    name: 'avoiding conflict during decision making',
    source: 'pub solver.md; pubgrub-rs avoiding_conflict_during_decision_making',
    root: { foo: '^1.0.0', bar: '^1.0.0' },
    table: { foo: { '1.0.0': {}, '1.1.0': { bar: '^2.0.0' } }, bar: { '1.0.0': {}, '1.1.0': {}, '2.0.0': {} } },
    solution: { bar: '1.1.0', foo: '1.0.0' },
  },
  {
    name: 'performing conflict resolution',
    source: 'pub solver.md; pubgrub-rs conflict_resolution',
    root: { foo: '>=1.0.0' },
    table: { foo: { '1.0.0': {}, '2.0.0': { bar: '^1.0.0' } }, bar: { '1.0.0': { foo: '^1.0.0' } } },
    solution: { foo: '1.0.0' },
  },
  {
    name: 'conflict resolution with a partial satisfier',
    source: 'pub solver.md; pubgrub-rs conflict_with_partial_satisfier',
    root: { foo: '^1.0.0', target: '^2.0.0' },
    table: {
      foo: { '1.0.0': {}, '1.1.0': { left: '^1.0.0', right: '^1.0.0' } },
      left: { '1.0.0': { shared: '>=1.0.0' } },
      right: { '1.0.0': { shared: '<2.0.0' } },
      shared: { '1.0.0': { target: '^1.0.0' }, '2.0.0': {} },
      target: { '1.0.0': {}, '2.0.0': {} },
    },
    solution: { foo: '1.0.0', target: '2.0.0' },
  },
  {
    name: 'linear error reporting',
    source: 'pub solver.md',
    root: { foo: '^1.0.0', baz: '^1.0.0' },
    table: { foo: { '1.0.0': { bar: '^2.0.0' } }, bar: { '2.0.0': { baz: '^3.0.0' } }, baz: { '1.0.0': {}, '3.0.0': {} } },
    failure: ['foo depends on bar ^2.0.0', 'bar depends on baz ^3.0.0', 'foo requires baz 3.0.0', 'So, because root depends on both baz ^1.0.0 and foo ^1.0.0, root cannot be installed.'],
  },
  {
    name: 'branching error reporting',
    source: 'pub solver.md',
    root: { foo: '^1.0.0' },
    table: {
      foo: { '1.0.0': { a: '^1.0.0', b: '^1.0.0' }, '1.1.0': { x: '^1.0.0', y: '^1.0.0' } },
      a: { '1.0.0': { b: '^2.0.0' } },
      b: { '1.0.0': {}, '2.0.0': {} },
      x: { '1.0.0': { y: '^2.0.0' } },
      y: { '1.0.0': {}, '2.0.0': {} },
    },
    failure: ['a depends on b ^2.0.0', 'x depends on y ^2.0.0', 'foo 1.0.0 depends on b ^1.0.0', 'foo 1.1.0 depends on y ^1.0.0', 'root depends on foo ^1.0.0'],
  },
  {
    name: 'circular dependency on an older version',
    source: 'pub version_solver_test: backtracking',
    root: { a: '>=1.0.0' },
    table: { a: { '1.0.0': {}, '2.0.0': { b: '1.0.0' } }, b: { '1.0.0': { a: '1.0.0' } } },
    solution: { a: '1.0.0' },
  },
  {
    name: 'rolls back leaf versions first',
    source: 'pub version_solver_test: backtracking',
    root: { a: '*' },
    table: {
      a: { '1.0.0': { b: '*' }, '2.0.0': { b: '*', c: '2.0.0' } },
      b: { '1.0.0': {}, '2.0.0': { c: '1.0.0' } },
      c: { '1.0.0': {}, '2.0.0': {} },
    },
    solution: { a: '2.0.0', b: '1.0.0', c: '2.0.0' },
  },
  {
    name: 'shared dependency with overlapping constraints',
    source: 'pub version_solver_test: basic graph',
    root: { a: '1.0.0', b: '1.0.0' },
    table: {
      a: { '1.0.0': { shared: '>=2.0.0 <4.0.0' } },
      b: { '1.0.0': { shared: '>=3.0.0 <5.0.0' } },
      shared: { '2.0.0': {}, '3.0.0': {}, '3.6.9': {}, '4.0.0': {}, '5.0.0': {} },
    },
    solution: { a: '1.0.0', b: '1.0.0', shared: '3.6.9' },
  },
  {
    name: 'no version that matches the combined constraint',
    source: 'pub version_solver_test: unsolvable',
    root: { foo: '1.0.0', bar: '1.0.0' },
    table: { foo: { '1.0.0': { shared: '>=2.0.0 <3.0.0' } }, bar: { '1.0.0': { shared: '>=2.9.0 <4.0.0' } }, shared: { '2.5.0': {}, '3.5.0': {} } },
    failure: ['foo depends on shared >=2.0.0 <3.0.0', 'bar depends on shared >=2.9.0 <4.0.0', 'bar is incompatible with foo'],
  },
  {
    name: 'disjoint constraints',
    source: 'pub version_solver_test: unsolvable',
    root: { foo: '1.0.0', bar: '1.0.0' },
    table: { foo: { '1.0.0': { shared: '<=2.0.0' } }, bar: { '1.0.0': { shared: '>3.0.0' } }, shared: { '2.0.0': {}, '4.0.0': {} } },
    failure: ['foo depends on shared <=2.0.0', 'bar depends on shared >3.0.0'],
  },
  {
    name: 'a dependency on a package that does not exist',
    source: 'pub version_solver_test: bad source / unknown package',
    root: { foo: '^1.0.0' },
    table: { foo: { '1.0.0': { 'left-pad': '^1.0.0' } } },
    failure: ['foo depends on left-pad, which does not exist on the registry'],
  },
  {
    name: 'avoids a version whose dependency does not exist',
    source: 'pub version_solver_test: backtracking (unpublished dependency)',
    root: { foo: '*' },
    table: { foo: { '1.0.0': {}, '2.0.0': { 'left-pad': '^1.0.0' } } },
    solution: { foo: '1.0.0' },
  },
  {
    name: 'backjumps over unrelated decisions to the cause of a conflict',
    source: 'pub version_solver_test: backjump to nearer unsatisfied package',
    root: { a: '*', b: '*' },
    table: {
      a: { '1.0.0': { c: '1.0.0' }, '2.0.0': { c: '2.0.0' } },
      b: { '1.0.0': {}, '2.0.0': {}, '3.0.0': {} },
      c: { '1.0.0': {} },
    },
    solution: { a: '1.0.0', b: '3.0.0', c: '1.0.0' },
  },
  {
    name: 'traverses into packages with fewer versions first (deep trap)',
    source: 'pub version_solver_test: traverse into package with fewer versions first',
    root: { a: '*', b: '*' },
    table: {
      a: { '1.0.0': { c: '*' }, '2.0.0': { c: '*' }, '3.0.0': { c: '*' }, '4.0.0': { c: '*' }, '5.0.0': { c: '1.0.0' } },
      b: { '1.0.0': { c: '*' }, '2.0.0': { c: '*' }, '3.0.0': { c: '*' }, '4.0.0': { c: '2.0.0' } },
      c: { '1.0.0': {}, '2.0.0': {} },
    },
    solution: { a: '4.0.0', b: '4.0.0', c: '2.0.0' },
  },
  {
    name: 'prerelease versions only as node-semver allows',
    source: 'own: node-semver prerelease rules',
    root: { foo: '^1.0.0' },
    table: { foo: { '1.0.0': {}, '1.1.0-beta.1': {}, '2.0.0-rc.1': {} } },
    solution: { foo: '1.0.0' },
  },
];

describe('resolver conformance (one version per package)', () => {
  for (const c of cases) {
    it(`${c.name} (${c.source})`, () => {
      const r = solveTable(c.table, c.root);
      if (c.solution) {
        expect(r.ok ? r.solution : r.explanation).toEqual(c.solution);
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) for (const fragment of c.failure ?? []) expect(r.explanation).toContain(fragment);
      }
    });
  }

  it('explains a linear failure without line numbers and a branching one with them', () => {
    const linear = solveTable(cases[4]!.table, cases[4]!.root);
    const branching = solveTable(cases[5]!.table, cases[5]!.root);
    expect(linear.ok || linear.explanation).not.toMatch(/\(1\)/);
    expect(branching.ok || branching.explanation).toMatch(/^\(1\) /m);
    expect(branching.ok || branching.explanation.split('\n').at(-1)).toMatch(/^ *So, because .*root cannot be installed\.$/);
  });
});
