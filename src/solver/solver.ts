import { ResolverLimitError } from '../errors.js';
import { appended } from '../util/compact-array.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { getOrMake } from '../util/memo-map.js';
import { DecisionQueue } from './decision-queue.js';
import { type Cause, type Incompatibility, makeIncompatibility } from './incompatibility.js';
import { type Dependency, type DependencyProvider, NeedMetadata, SolverPaused } from './provider.js';
import { disjoint, isPositive, negate, satisfiesTerm, type Term } from './term.js';
import { Universe } from './universe.js';

interface Assignment {
  pkg: string;
  bits: bigint;
  decision: boolean;
  level: number;
  cause?: Incompatibility;
  /** its position in the partial solution */
  index: number;
  /** its package's term with it and every earlier assignment of that package: what `accumulated` held after it */
  after: bigint;
}

export interface SolveStats {
  decisions: number;
  conflicts: number;
  propagations: number;
  incompatibilities: number;
}

export type SolveResult =
  | { ok: true; solution: Map<string, string>; stats: SolveStats }
  | { ok: false; failure: Incompatibility; universes: ReadonlyMap<string, Universe>; stats: SolveStats };

/** A bound on work, so that pathological inputs end with a clear error instead of running forever. */
const MAX_STEPS = 2_000_000;

/**
 * PubGrub (Dart pub's doc/solver.md): incompatibilities that carry their causes, unit propagation,
 * conflict resolution that learns a root cause and backjumps, and lazy dependency loading with
 * adjacent versions of identical dependencies collapsed into one incompatibility. Pure and synchronous.
 */
export class Solver {
  private readonly universes = new Map<string, Universe>();
  private readonly incompatibilities = new Map<string, Incompatibility[]>();
  /**
   * the dependency incompatibilities added, by their terms (Universe.term): {S, T} is there when known.get(S) is
   * T or holds it. Most terms pair with one or two others: a term, then an array, costs a tenth of a Set each.
   */
  private readonly known = new Map<Term, Term | Term[]>();
  private readonly assignments: Assignment[] = [];
  /** each package's assignments, oldest first: what a backjump restores and a satisfier search walks */
  private readonly assignmentsOf = new Map<string, Assignment[]>();
  private readonly accumulated = new Map<string, bigint>();
  private readonly decisions = new Map<string, string>();
  /** decisions by the provider's group (npm: a name's slots), for `choose` */
  private readonly grouped = new Map<string, Map<string, string>>();
  private readonly pending = new DecisionQueue();
  /** version list → dependency → the version it was read at → the adjacent versions that declare it alike */
  private readonly spans = new WeakMap<readonly string[], WeakMap<Dependency, Map<number, bigint>>>();
  private level = 0;
  private started = false;
  /** the package to propagate from next */
  private next: string | undefined;
  private steps = 0;
  private readonly stats: SolveStats = { decisions: 0, conflicts: 0, propagations: 0, incompatibilities: 0 };

  constructor(
    private readonly provider: DependencyProvider,
    /** asked between steps; true stops the solver with SolverPaused (a caller that fetches while it solves) */
    private readonly pause?: () => boolean,
  ) {}

  /**
   * Solves. When the provider lacks metadata the solver throws NeedMetadata before changing any state, so the
   * caller can fetch it and call solve() again: the solver goes on where it stopped, and the answer is the one a
   * fresh solver would give with all the metadata at hand, since nothing it has read can change.
   */
  solve(): SolveResult {
    if (!this.started) {
      const { pkg: rootPkg, version: rootVersion } = this.provider.root;
      const root = this.universe(rootPkg);
      this.addIncompatibility(makeIncompatibility([{ pkg: rootPkg, bits: root.full ^ root.of([rootVersion]) }], { kind: 'root' }, this.universes));
      this.started = true;
      this.next = rootPkg;
    } else this.next ??= this.decide();
    while (this.next !== undefined) {
      // between steps: `next` is kept, and propagated first when solving resumes
      if (this.pause?.()) throw new SolverPaused();
      if (++this.steps > MAX_STEPS) throw new ResolverLimitError(`the resolver gave up after ${MAX_STEPS} steps without an answer; narrow some ranges, or report this workspace as a bug`);
      const failure = this.propagate(this.next);
      if (failure) return { ok: false, failure, universes: this.universes, stats: this.finalStats() };
      // cleared first: a decision that needs metadata leaves nothing to propagate when solving resumes
      this.next = undefined;
      this.next = this.decide();
    }
    return { ok: true, solution: new Map(this.decisions), stats: this.finalStats() };
  }

  private finalStats(): SolveStats {
    let n = 0;
    for (const list of this.incompatibilities.values()) n += list.length;
    return { ...this.stats, incompatibilities: n };
  }

  private universe(pkg: string): Universe {
    let u = this.universes.get(pkg);
    if (!u) {
      const versions = this.provider.versions(pkg);
      if (versions === undefined) throw new NeedMetadata([pkg]);
      u = new Universe(pkg, versions);
      this.universes.set(pkg, u);
    }
    return u;
  }

  private addIncompatibility(inc: Incompatibility): void {
    for (const t of inc.terms) this.incompatibilities.set(t.pkg, appended(this.incompatibilities.get(t.pkg), inc));
  }

  private term(pkg: string): bigint {
    return this.accumulated.get(pkg) ?? this.universe(pkg).full;
  }

  private assign(pkg: string, bits: bigint, decision: boolean, cause?: Incompatibility): void {
    const after = this.term(pkg) & bits;
    // every field written, in one order: built by spreading, each assignment took a hidden class of its own
    const a: Assignment = { pkg, bits, decision, level: this.level, cause, index: this.assignments.length, after };
    this.assignments.push(a);
    this.assignmentsOf.set(a.pkg, appended(this.assignmentsOf.get(a.pkg), a));
    this.accumulated.set(a.pkg, after);
    if (a.decision) {
      const version = this.universe(a.pkg).newest(a.bits)!;
      this.decisions.set(a.pkg, version);
      const group = this.provider.group?.(a.pkg);
      if (group !== undefined) {
        getOrMake(this.grouped, group, () => new Map<string, string>()).set(a.pkg, version);
      }
    } else this.enqueue(a.pkg, after);
  }

  /** A package whose term is positive and undecided may be decided next. */
  private enqueue(pkg: string, bits: bigint): void {
    const u = this.universe(pkg);
    if ((bits & u.none) !== 0n || this.decisions.has(pkg)) return;
    this.pending.push({ pkg, priority: this.provider.priority(pkg), count: u.count(bits), bits });
  }

  /** Unit propagation from `start`; returns the root incompatibility when solving has failed. */
  private propagate(start: string): Incompatibility | undefined {
    const changed = [start];
    const queued = new Set(changed);
    while (changed.length > 0) {
      const pkg = changed.pop()!;
      queued.delete(pkg);
      const list = this.incompatibilities.get(pkg) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        const inc = list[i]!;
        const rel = this.relation(inc);
        if (rel.kind === 'satisfied') {
          this.stats.conflicts++;
          const rootCause = this.resolveConflict(inc);
          if (rootCause.failed) return rootCause.incompatibility;
          const r = this.relation(rootCause.incompatibility);
          if (r.kind !== 'almost') throw new Error('conflict resolution did not produce an almost satisfied incompatibility');
          this.derive(r.term, rootCause.incompatibility);
          changed.length = 0;
          queued.clear();
          changed.push(r.term.pkg);
          queued.add(r.term.pkg);
          break;
        }
        if (rel.kind === 'almost') {
          this.derive(rel.term, inc);
          if (!queued.has(rel.term.pkg)) {
            changed.push(rel.term.pkg);
            queued.add(rel.term.pkg);
          }
        }
      }
    }
    return undefined;
  }

  private derive(term: Term, cause: Incompatibility): void {
    this.stats.propagations++;
    this.assign(term.pkg, negate(term, this.universe(term.pkg)).bits, false, cause);
  }

  private relation(inc: Incompatibility): { kind: 'satisfied' } | { kind: 'contradicted' } | { kind: 'almost'; term: Term } | { kind: 'inconclusive' } {
    let unsatisfied: Term | undefined;
    for (const t of inc.terms) {
      const u = this.universe(t.pkg);
      const a = this.term(t.pkg);
      if (satisfiesTerm(a, t.bits, u)) continue;
      if (disjoint(a, t.bits)) return { kind: 'contradicted' };
      if (unsatisfied) return { kind: 'inconclusive' };
      unsatisfied = t;
    }
    return unsatisfied ? { kind: 'almost', term: unsatisfied } : { kind: 'satisfied' };
  }

  private isFailure(inc: Incompatibility): boolean {
    if (inc.terms.length === 0) return true;
    if (inc.terms.length !== 1) return false;
    const t = inc.terms[0]!;
    return t.pkg === this.provider.root.pkg && isPositive(t, this.universe(t.pkg));
  }

  /** Conflict resolution: learn the root cause and backjump. */
  private resolveConflict(conflict: Incompatibility): { failed: boolean; incompatibility: Incompatibility } {
    let inc = conflict;
    let created = false;
    while (true) {
      if (this.isFailure(inc)) return { failed: true, incompatibility: inc };
      const { satisfier, term, previousLevel } = this.findSatisfier(inc);
      if (satisfier.decision || previousLevel !== satisfier.level) {
        if (created) this.addIncompatibility(inc);
        this.backtrack(previousLevel);
        return { failed: false, incompatibility: inc };
      }
      const cause = satisfier.cause!;
      const terms = [...inc.terms.filter((t) => t.pkg !== satisfier.pkg), ...cause.terms.filter((t) => t.pkg !== satisfier.pkg)];
      const u = this.universe(satisfier.pkg);
      if (!satisfiesTerm(satisfier.bits, term.bits, u)) {
        // not (satisfier \ term)
        terms.push({ pkg: satisfier.pkg, bits: u.full ^ (satisfier.bits & (u.full ^ term.bits)) });
      }
      inc = makeIncompatibility(terms, { kind: 'derived', left: inc, right: cause }, this.universes);
      created = true;
    }
  }

  /**
   * The earliest assignment that, with those before it, satisfies `inc`; and the level it can backjump to. Only
   * the assignments of the incompatibility's packages are walked, not the whole partial solution.
   */
  private findSatisfier(inc: Incompatibility): { satisfier: Assignment; term: Term; previousLevel: number } {
    const satisfiedBy = new Map<string, Assignment>();
    for (const t of inc.terms) {
      const u = this.universe(t.pkg);
      const at = (this.assignmentsOf.get(t.pkg) ?? []).find((a) => satisfiesTerm(a.after, t.bits, u));
      if (!at) throw new Error('findSatisfier: incompatibility is not satisfied');
      satisfiedBy.set(t.pkg, at);
    }
    // the latest of the terms' satisfiers
    let term = inc.terms[0]!;
    for (const t of inc.terms) if (satisfiedBy.get(t.pkg)!.index > satisfiedBy.get(term.pkg)!.index) term = t;
    const satisfier = satisfiedBy.get(term.pkg)!;
    let previousLevel = 1;
    for (const t of inc.terms) if (t !== term) previousLevel = Math.max(previousLevel, satisfiedBy.get(t.pkg)!.level);
    // the satisfier may need earlier assignments of its own package to satisfy its term
    const u = this.universe(satisfier.pkg);
    if (!satisfiesTerm(satisfier.bits, term.bits, u)) {
      for (const a of this.assignmentsOf.get(satisfier.pkg)!) {
        if (a.index >= satisfier.index) break;
        if (satisfiesTerm(a.after & satisfier.bits, term.bits, u)) {
          previousLevel = Math.max(previousLevel, a.level);
          break;
        }
      }
    }
    return { satisfier, term, previousLevel };
  }

  /**
   * Undoes the assignments above `level`. Only the packages they touched get their terms restored and a fresh
   * entry in the decision queue; every other package's term, and its entry, are as they were.
   */
  private backtrack(level: number): void {
    const touched = new Set<string>();
    while (this.assignments.length > 0 && this.assignments[this.assignments.length - 1]!.level > level) {
      const a = this.assignments.pop()!;
      this.assignmentsOf.get(a.pkg)!.pop();
      touched.add(a.pkg);
      if (a.decision) {
        this.decisions.delete(a.pkg);
        const group = this.provider.group?.(a.pkg);
        if (group !== undefined) this.grouped.get(group)?.delete(a.pkg);
      }
    }
    this.level = level;
    for (const pkg of touched) {
      const last = this.assignmentsOf.get(pkg)!.at(-1);
      if (last === undefined) {
        this.accumulated.delete(pkg);
        continue;
      }
      this.accumulated.set(pkg, last.after);
      this.enqueue(pkg, last.after);
    }
  }

  /** Picks the next package and version; returns the package to propagate from, or undefined when done. */
  private decide(): string | undefined {
    let best = this.pending.pop();
    // entries whose package was decided since, or whose term has moved on, are stale
    while (best && (this.decisions.has(best.pkg) || this.accumulated.get(best.pkg) !== best.bits)) best = this.pending.pop();
    if (!best) return undefined;
    const { pkg } = best;
    // until a decision is made the package stays pending (what follows may leave its term as it is)
    this.pending.push(best);
    const u = this.universe(pkg);
    const allowed = this.term(pkg) & u.all;
    const allowedVersions = u.members(allowed);
    const group = this.provider.group?.(pkg);
    const decided = group === undefined ? this.decisions : (this.grouped.get(group) ?? NO_DECISIONS);
    const version = allowedVersions.length === 0 ? undefined : (this.provider.choose?.(pkg, allowedVersions, decided) ?? allowedVersions[allowedVersions.length - 1]);
    if (version === undefined) {
      this.addIncompatibility(makeIncompatibility([{ pkg, bits: allowed }], { kind: 'noVersions' }, this.universes));
      return pkg;
    }
    const deps = this.dependenciesOf(pkg, version);
    let conflict = false;
    if ('unavailable' in deps) {
      this.addIncompatibility(makeIncompatibility([{ pkg, bits: u.of([version]) }], { kind: 'unavailable', reason: deps.unavailable }, this.universes));
      return pkg;
    }
    for (const inc of this.dependencyIncompatibilities(pkg, version, deps.deps)) {
      if (!this.firstSeen(inc)) continue;
      this.addIncompatibility(inc);
      // would deciding `version` satisfy this incompatibility right away?
      if (inc.terms.every((t) => (t.pkg === pkg ? (t.bits & u.of([version])) !== 0n : satisfiesTerm(this.term(t.pkg), t.bits, this.universe(t.pkg))))) conflict = true;
    }
    if (!conflict) {
      this.level++;
      this.stats.decisions++;
      this.assign(pkg, u.of([version]), true);
    }
    return pkg;
  }

  /**
   * The provider's answer, not kept: a decision reads it once, and the provider keeps what it derives from the
   * metadata. Kept per version, the answers held a sixth of a 10,000-package solve's memory.
   */
  /** Records a dependency incompatibility; false when one with the same terms was added before. */
  private firstSeen(inc: Incompatibility): boolean {
    // its terms in the order of their packages' names; one term stands for a pair of itself
    const [a, b = a] = inc.terms.length === 2 && codePointCompare(inc.terms[1]!.pkg, inc.terms[0]!.pkg) < 0 ? [inc.terms[1]!, inc.terms[0]!] : inc.terms;
    if (a === undefined || b === undefined) return true;
    const seen = this.known.get(a);
    if (seen === undefined) this.known.set(a, b);
    else if (seen === b || (Array.isArray(seen) && seen.includes(b))) return false;
    else if (Array.isArray(seen)) seen.push(b);
    else this.known.set(a, [seen, b]);
    return true;
  }

  private dependenciesOf(pkg: string, version: string): { deps: Dependency[] } | { unavailable: string } {
    const r = this.provider.dependencies(pkg, version);
    // what needs metadata is asked again once it is there
    if ('missing' in r) throw new NeedMetadata(r.missing);
    return r;
  }

  /** {pkg in S, not dep in R} for each dependency, S widened over adjacent versions with the same dependency. */
  private dependencyIncompatibilities(pkg: string, version: string, deps: Dependency[]): Incompatibility[] {
    const u = this.universe(pkg);
    const at = u.indexOf(version)!;
    // the neighbours' dependencies by package, read once for all of this version's dependencies: widening is
    // linear in the versions it spans
    // (null: the neighbour has no dependencies to compare, unavailable or not in yet; kept so it is asked once)
    const neighbours = new Map<number, Map<string, Dependency[]> | null>();
    const same = (i: number, d: Dependency): boolean => {
      const v = u.versions[i]!;
      // the provider can tell from the neighbour's own metadata, without resolving the rest of its dependencies
      if (d.source !== undefined && this.provider.declares) return this.provider.declares(pkg, v, d.source);
      const byPkg = getOrMake(neighbours, i, () => {
        const r = this.provider.dependencies(pkg, v);
        return 'deps' in r ? groupBy(r.deps, (x) => x.pkg) : null;
      });
      return (byPkg?.get(d.pkg) ?? []).some((x) => x.range === d.range && !!x.ifPresent === !!d.ifPresent && samePlace(x, d) && x.verb === d.verb);
    };
    // packages with one version list (npm: the slots of a name) share their dependencies' spans
    const spans = getOrMake(this.spans, u.versions, () => new WeakMap<Dependency, Map<number, bigint>>());
    return deps.map((d) => {
      const byAt = getOrMake(spans, d, () => new Map<number, bigint>());
      let bits = byAt.get(at);
      if (bits === undefined) {
        let lo = at;
        let hi = at;
        while (lo > 0 && same(lo - 1, d)) lo--;
        while (hi < u.versions.length - 1 && same(hi + 1, d)) hi++;
        bits = ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
        byAt.set(at, bits);
      }
      const du = this.universe(d.pkg);
      const accepted = du.ofList(d.versions);
      const cause: Cause = {
        kind: 'dependency',
        depender: pkg,
        dependency: d.pkg,
        range: d.range,
        ...(d.position ? { position: d.position } : {}),
        ...(d.via ? { via: d.via } : {}),
        ...(d.verb ? { verb: d.verb } : {}),
        ...(d.ifPresent ? { optionalPeer: true } : {}),
      };
      // "pkg in S depends on dep in R" is {pkg in S, not (dep in R)}; an optional peer only forbids other selected versions
      const depTerm: Term = d.ifPresent ? { pkg: d.pkg, bits: du.all & ~accepted } : negate({ pkg: d.pkg, bits: accepted }, du);
      return makeIncompatibility([{ pkg, bits }, depTerm], cause, this.universes);
    });
  }
}

const NO_DECISIONS: ReadonlyMap<string, string> = new Map();

/** Two dependencies are written at the same place (or both nowhere in particular). */
function samePlace(a: Dependency, b: Dependency): boolean {
  const p = a.position;
  const q = b.position;
  return (p === q || (!!p && !!q && p.file === q.file && p.line === q.line && p.col === q.col)) && (a.via ?? []).join('>') === (b.via ?? []).join('>');
}

