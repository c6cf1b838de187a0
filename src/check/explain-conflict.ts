import { satisfies, versionsNewestFirst } from '../policy/semver-cache.js';
import type { Packument } from '../registry/types.js';
import { explainFailure } from '../solver/explain.js';
import type { DependenciesResult, DependencyProvider } from '../solver/provider.js';
import { Solver } from '../solver/solver.js';
import type { Requirement } from './finding.js';

const ROOT = '$workspace';

/**
 * Explains requirements that must share one version of `name` with the resolver's own explainer: each
 * requirer becomes a one-version package that depends on `name`, and the failed solve is turned into a
 * PubGrub-style derivation naming every requirement, its file and line.
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
    const location = r.file ? `${r.file}:${r.line}` : r.path.length > 1 ? `via ${r.path.join(' > ')}` : undefined;
    return { deps: [{ pkg: this.name, range: r.range, versions: this.published.filter((v) => satisfies(v, r.range)), ...(location ? { location } : {}) }] };
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

export function explainNoCommonVersion(name: string, reqs: readonly Requirement[], p: Packument | null | undefined, why: string): string {
  const published = [...versionsNewestFirst(p)].reverse();
  const provider = new RequirementsProvider(name, reqs, published);
  const r = new Solver(provider).solve();
  const rule = `(${why})`;
  if (r.ok) return `the requirements on ${name} share a published version ${rule}`;
  return `${explainFailure(r.failure, { universes: r.universes, rootPkg: ROOT, display: (x) => provider.display(x), rootName: 'the workspace' })}\n${rule}`;
}
