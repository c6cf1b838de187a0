import semver from 'semver';
import type { Config } from '../config/types.js';
import type { PinSet } from '../constraints/types.js';
import { buildInstallGraph } from '../graph/build.js';
import { classifySpec } from '../graph/spec.js';
import { publishedDependencies } from '../model/npm-model.js';
import { type CandidateFilter, candidateVersions } from '../policy/candidates.js';
import { satisfies } from '../policy/semver-cache.js';
import { ClosureFetch, type FetchOptions, type MetadataStore } from '../registry/metadata-store.js';
import type { Packument, Registry } from '../registry/types.js';
import { type Derivation, toDerivation } from '../solver/derivation.js';
import { NeedMetadata, SolverPaused } from '../solver/provider.js';
import { Solver, type SolveStats } from '../solver/solver.js';
import { codePointCompare } from '../util/compare.js';
import type { Workspace } from '../workspace/members.js';
import { NpmProvider, preferredIn, WORKSPACE } from './npm-provider.js';
import { missedPeerBindings } from './peer-refinement.js';

/** How many times a solution may be refined by the peer bindings its install graph shows (each adds at least one). */
const MAX_REFINEMENTS = 8;
/** How long the solver runs before it lets fetches that landed in (while the closure is still arriving). */
const SOLVE_SLICE_MS = 20;

export interface ResolveStats extends SolveStats {
  rounds: number;
  packuments: number;
}

export type ResolveOutcome = { ok: true; pins: PinSet; stats: ResolveStats } | { ok: false; derivation: Derivation; stats: ResolveStats };

export interface ResolveInput {
  workspace: Workspace;
  config: Config;
  store: MetadataStore;
  filter: CandidateFilter;
  /** versions the workspace must take (propose's "why not?") */
  force?: ReadonlyMap<string, string>;
  /** versions to keep where they still fit: the current pins, less the names being upgraded */
  prefer?: ReadonlyMap<string, readonly string[]>;
  /** peer bindings learnt from the install graph of an earlier solution (see missedPeerBindings) */
  peerBindings?: ReadonlySet<string>;
}

/**
 * A solve over the metadata in the store. `step` runs the solver until it answers, or throws NeedMetadata when the
 * frontier needs more; after the caller fetches that, `step` goes on where the solver stopped.
 */
export function workspaceSolve(input: ResolveInput, pause?: () => boolean): { step(): { ok: true; pins: PinSet; stats: SolveStats } | { ok: false; derivation: Derivation; stats: SolveStats } } {
  const provider = new NpmProvider(input.workspace, input.config, input.store, input.filter, input.force, input.prefer, input.peerBindings);
  const solver = new Solver(provider, pause);
  return {
    step() {
      const r = solver.solve();
      if (!r.ok) {
        return { ok: false, stats: r.stats, derivation: toDerivation(r.failure, { universes: r.universes, rootPkg: WORKSPACE, display: (p) => provider.display(p), rootName: 'the workspace' }) };
      }
      const pins: PinSet = new Map();
      for (const [pkg, version] of r.solution) {
        const name = provider.pinName(pkg);
        if (name === undefined) continue;
        const list = pins.get(name) ?? [];
        if (!list.includes(version)) list.push(version);
        pins.set(name, list);
      }
      for (const list of pins.values()) list.sort(semver.rcompare);
      return { ok: true, pins: new Map([...pins].sort(([a], [b]) => codePointCompare(a, b))), stats: r.stats };
    },
  };
}

/**
 * Prefetch plan: follow, for every range requested of a name, the newest candidate that satisfies it, and fetch
 * what its dependencies name. That is the closure the solver walks when nothing conflicts; whatever a conflict
 * adds is fetched in a later round.
 */
class PrefetchPlan {
  private readonly wanted = new Map<string, Set<string>>();
  private readonly expanded = new Set<string>();
  constructor(
    private readonly store: MetadataStore,
    private readonly filter: CandidateFilter,
    private readonly members: Set<string>,
    private readonly prefer: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** Records that `range` of `name` is wanted; returns names that must be fetched. */
  want(name: string, range: string, out: string[] = []): string[] {
    if (this.members.has(name)) return out;
    const set = this.wanted.get(name) ?? new Set<string>();
    if (set.has(range)) return out;
    set.add(range);
    this.wanted.set(name, set);
    const p = this.store.get(name);
    if (p === undefined) out.push(name);
    else if (p) this.follow(p, range, out);
    return out;
  }

  /** Expansion for fetchClosure: a packument arrived; follow every range wanted of it. */
  arrived(p: Packument): string[] {
    const out: string[] = [];
    for (const range of this.wanted.get(p.name) ?? []) this.follow(p, range, out);
    return out;
  }

  private follow(p: Packument, range: string, out: string[]): void {
    const cands = candidateVersions(p, this.filter);
    // the version the solver will try first: a kept pin that fits, else the newest candidate
    let pick = preferredIn(
      this.prefer.get(p.name)?.filter((v) => satisfies(v, range)),
      cands,
    );
    for (let i = cands.length - 1; i >= 0 && pick === undefined; i--) if (satisfies(cands[i]!, range)) pick = cands[i];
    if (pick === undefined || this.expanded.has(`${p.name}@${pick}`)) return;
    this.expanded.add(`${p.name}@${pick}`);
    for (const d of publishedDependencies(p.versions[pick]!)) {
      // optional peers are installed only when something else brings them
      if (d.optionalPeer) continue;
      const t = classifySpec(d.name, d.spec, { members: new Map() });
      if (t.kind === 'registry') this.want(t.name, t.range, out);
      else if (t.kind === 'tag') this.want(t.name, '*', out);
    }
  }
}

/**
 * The resolver with metadata fetched ahead in parallel: prefetch the likely closure and solve while it arrives.
 * The solver pauses every few milliseconds so the fetches that landed are taken in and more are started, and when
 * it reaches a package not in the store it waits for it (fetched first if queued, else a new round with what it
 * names). The solver never awaits; the answer depends only on the metadata, never on the order in which fetches
 * complete, and it is returned once the whole closure is in the store (the install graph and the stats read it).
 */
export async function resolveWorkspace(input: ResolveInput, registry: Registry, fetchOpts: Pick<FetchOptions, 'before' | 'onProgress'> = {}): Promise<ResolveOutcome> {
  const members = new Set(input.workspace.members.map((m) => m.name));
  const plan = new PrefetchPlan(input.store, input.filter, members, input.prefer);
  const seeds: string[] = [];
  for (const m of new NpmProvider(input.workspace, input.config, input.store, input.filter).memberRanges()) plan.want(m.name, m.range, seeds);
  const fetch = new ClosureFetch(registry, input.store, (p) => plan.arrived(p), fetchOpts);
  fetch.add(seeds);
  let sliceEnd = 0;
  const pause = () => fetch.busy && performance.now() >= sliceEnd;
  const bindings = new Set(input.peerBindings);
  let solve: ReturnType<typeof workspaceSolve> | undefined;
  let rounds = 1;
  let refinements = 0;
  for (;;) {
    try {
      solve ??= workspaceSolve({ ...input, peerBindings: bindings }, pause);
      sliceEnd = performance.now() + SOLVE_SLICE_MS;
      const r = solve.step();
      await fetch.done();
      await registry.settle?.();
      if (r.ok && refinements < MAX_REFINEMENTS) {
        // the solver's state is not needed past a solution: let it go before the graph is built beside it
        solve = undefined;
        // the pins must pass check's install graph: a peer binding it shows the resolver missed is learnt, and the
        // workspace solved again with it
        const missed = missedPeerBindings(buildInstallGraph({ workspace: input.workspace, config: input.config, pins: r.pins, store: input.store }), bindings);
        if (missed.length > 0) {
          for (const key of missed) bindings.add(key);
          refinements++;
          continue;
        }
      }
      const stats = { ...r.stats, rounds, packuments: input.store.size };
      return r.ok ? { ok: true, pins: r.pins, stats } : { ok: false, derivation: r.derivation, stats };
    } catch (err) {
      if (err instanceof SolverPaused) {
        // a turn of the event loop: replies that landed are taken in, and the fetches they name are started
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (!(err instanceof NeedMetadata)) {
        // a registry failure comes first, as when the closure was fetched before solving
        await fetch.done();
        throw err;
      }
      // a package the plan never named starts a round: the names themselves (a member's name the registry serves
      // too is one the plan never follows) and, as each arrives, the newest version's dependencies
      const unplanned = err.names.filter((n) => !fetch.planned(n));
      if (unplanned.length > 0) {
        for (const n of unplanned) plan.want(n, '*');
        rounds++;
        fetch.add(unplanned, rounds);
      }
      await fetch.whenHave(err.names);
    }
  }
}
