import semver from 'semver';
import { codePointCompare } from '../util/compare.js';
import { type Derivation, toDerivation } from './derivation.js';
import { type DependenciesResult, type DependencyProvider, SolverPaused } from './provider.js';
import { Solver, type SolveStats } from './solver.js';

/** package → version → dependency name → range */
export type Table = Record<string, Record<string, Record<string, string>>>;

export const TABLE_ROOT = '$root';

/** A provider over an in-memory table, one version per package (pub and pip semantics): tests and benchmarks. */
export class TableProvider implements DependencyProvider {
  readonly root = { pkg: TABLE_ROOT, version: '0.0.0' };
  private readonly sorted = new Map<string, string[]>();

  constructor(
    private readonly table: Table,
    private readonly rootDeps: Record<string, string>,
  ) {}

  versions(pkg: string): readonly string[] {
    if (pkg === TABLE_ROOT) return ['0.0.0'];
    let vs = this.sorted.get(pkg);
    if (!vs) {
      vs = Object.keys(this.table[pkg] ?? {}).sort(semver.compare);
      this.sorted.set(pkg, vs);
    }
    return vs;
  }

  dependencies(pkg: string, version: string): DependenciesResult {
    const deps = pkg === TABLE_ROOT ? this.rootDeps : (this.table[pkg]?.[version] ?? {});
    return {
      deps: Object.keys(deps)
        .sort()
        .map((name) => ({ pkg: name, range: deps[name]!, versions: this.versions(name).filter((v) => semver.satisfies(v, deps[name]!)) })),
    };
  }

  priority(): number {
    return 0;
  }

  display(pkg: string): string {
    return pkg === TABLE_ROOT ? 'root' : pkg;
  }
}

export type TableResult = { ok: true; solution: Record<string, string>; stats: SolveStats } | { ok: false; derivation: Derivation; stats: SolveStats };

/** Solves a table problem; the solution leaves out the root. `pause` is the solver's hook: a pause resumes at once. */
export function solveTable(table: Table, rootDeps: Record<string, string>, pause?: () => boolean): TableResult {
  const provider = new TableProvider(table, rootDeps);
  const solver = new Solver(provider, pause);
  let r: ReturnType<Solver['solve']> | undefined;
  while (r === undefined) {
    try {
      r = solver.solve();
    } catch (err) {
      if (!(err instanceof SolverPaused)) throw err;
    }
  }
  if (r.ok) {
    const solution: Record<string, string> = {};
    for (const [k, v] of [...r.solution].sort(([a], [b]) => codePointCompare(a, b))) if (k !== TABLE_ROOT) solution[k] = v;
    return { ok: true, solution, stats: r.stats };
  }
  return { ok: false, derivation: toDerivation(r.failure, { universes: r.universes, rootPkg: TABLE_ROOT, display: (p) => provider.display(p) }), stats: r.stats };
}
