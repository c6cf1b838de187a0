import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { renderDerivation } from '../../src/report/derivation.js';
import { solveTable as solveTableData, type Table } from '../../src/solver/table-provider.js';
import { rng } from '../helpers/random.js';

/** The table solver, with its derivation in words as users read it. */
function solveTable(table: Table, root: Record<string, string>) {
  const r = solveTableData(table, root);
  return r.ok ? r : { ...r, explanation: renderDerivation(r.derivation, 'root') };
}

const RANGES = ['*', '^1.0.0', '^2.0.0', '>=1.1.0', '<2.0.0', '1.0.0', '~2.1.0', '>=2.0.0 <3.0.0', '^3.0.0'];
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '2.1.0', '3.0.0'];

function randomProblem(seed: number): { table: Table; root: Record<string, string> } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const names = ['a', 'b', 'c', 'd', 'e'].slice(0, 3 + Math.floor(r() * 3));
  const table: Table = {};
  for (const n of names) {
    table[n] = {};
    const versions = VERSIONS.filter(() => r() < 0.6);
    for (const v of versions) {
      const deps: Record<string, string> = {};
      for (const m of names) if (m !== n && r() < 0.35) deps[m] = pick(RANGES);
      if (r() < 0.05) deps.ghost = '^1.0.0';
      table[n]![v] = deps;
    }
  }
  const root: Record<string, string> = {};
  for (const n of names) if (r() < 0.5) root[n] = pick(RANGES);
  if (Object.keys(root).length === 0) root[names[0]!] = '*';
  return { table, root };
}

/** Is `selection` (name → version; absent = not installed) a valid solution? */
function valid(table: Table, root: Record<string, string>, selection: Record<string, string>): boolean {
  const ok = (deps: Record<string, string>) => Object.entries(deps).every(([n, range]) => selection[n] !== undefined && semver.satisfies(selection[n]!, range));
  if (!ok(root)) return false;
  return Object.entries(selection).every(([n, v]) => table[n]?.[v] !== undefined && ok(table[n]![v]!));
}

/** Exhaustive search over every selection (each package: absent or one of its versions). */
function exhaustive(table: Table, root: Record<string, string>): boolean {
  const names = Object.keys(table);
  const choices = names.map((n) => [undefined, ...Object.keys(table[n]!)]);
  const selection: Record<string, string> = {};
  const go = (i: number): boolean => {
    if (i === names.length) return valid(table, root, selection);
    for (const c of choices[i]!) {
      if (c === undefined) delete selection[names[i]!];
      else selection[names[i]!] = c;
      if (go(i + 1)) return true;
    }
    delete selection[names[i]!];
    return false;
  };
  return go(0);
}

describe('property: the solver agrees with exhaustive search on random small registries', () => {
  it('on 600 seeded registries: same satisfiability, every solution valid, every failure explained', () => {
    let solvable = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { table, root } = randomProblem(seed);
      const r = solveTable(table, root);
      const expected = exhaustive(table, root);
      expect(r.ok, `seed ${seed}: ${JSON.stringify({ table, root })}`).toBe(expected);
      if (r.ok) {
        solvable++;
        expect(valid(table, root, r.solution), `seed ${seed} solution ${JSON.stringify(r.solution)}`).toBe(true);
      } else {
        expect(r.explanation).toMatch(/root cannot be installed\.$/);
      }
    }
    // the generator must produce both kinds, or the property says little
    expect(solvable).toBeGreaterThan(100);
    expect(solvable).toBeLessThan(590);
  });

  it('paused between steps and resumed, it gives the same answer, explanation and work as solving straight through', () => {
    let paused = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { table, root } = randomProblem(seed);
      let asked = 0;
      // pause at every other step, as a caller that lets fetches land would
      const r = solveTableData(table, root, () => ++asked % 2 === 0 && ++paused > 0);
      expect(r, `seed ${seed}`).toEqual(solveTableData(table, root));
    }
    expect(paused).toBeGreaterThan(300);
  });
});
