import { satisfies, versionsNewestFirst } from '../policy/semver-cache.js';
import type { Packument } from '../registry/types.js';
import { type Derivation, toDerivation } from '../solver/derivation.js';
import type { DependenciesResult, DependencyProvider } from '../solver/provider.js';
import { Solver } from '../solver/solver.js';
import type { Requirement } from './finding.js';

const ROOT = '$workspace';

/**
 * Derives why requirements that must share one version of `name` cannot, with the resolver itself: each requirer
 * becomes a one-version package that depends on `name`, and the failed solve is the derivation, naming every
 * requirement with its position.
 */
class RequirementsProvider implements DependencyProvider {
  readonly root = { pkg: ROOT, version: '0.0.0' };
  constructor(
    private readonly name: string,
    private readonly reqs: readonly Requirement[],
    private readonly published: readonly string[],
  ) {}
  versions(pkg: string): readonly string[] {
    if (pkg === this.name) return this.published;
    return ['0.0.0'];
  }
  dependencies(pkg: string): DependenciesResult {
    if (pkg === this.name) return { deps: [] };
    if (pkg === ROOT) return { deps: this.reqs.map((_, i) => ({ pkg: `req:${i}`, versions: ['0.0.0'], range: '0.0.0', verb: 'includes' })) };
    const r = this.reqs[Number(pkg.slice(4))]!;
    const where = r.file ? { position: { file: r.file, line: r.line ?? 1, col: r.col ?? 1 } } : r.path.length > 1 ? { via: r.path } : {};
    return { deps: [{ pkg: this.name, range: r.range, versions: this.published.filter((v) => satisfies(v, r.range)), ...where }] };
  }
  priority(): number {
    return 0;
  }
  display(pkg: string): string {
    if (pkg === ROOT) return 'the workspace';
    if (pkg === this.name) return this.name;
    return this.reqs[Number(pkg.slice(4))]!.by.replace(/@(\d[^@]*)$/, ' $1');
  }
}

/** Why requirements that must share one version of `name` cannot: the solver's derivation, undefined if they can. */
export function deriveNoCommonVersion(name: string, reqs: readonly Requirement[], p: Packument | null | undefined): Derivation | undefined {
  const published = [...versionsNewestFirst(p)].reverse();
  const provider = new RequirementsProvider(name, reqs, published);
  const r = new Solver(provider).solve();
  if (r.ok) return undefined;
  return toDerivation(r.failure, { universes: r.universes, rootPkg: ROOT, display: (x) => provider.display(x), rootName: 'the workspace' });
}
