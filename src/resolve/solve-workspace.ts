import semver from 'semver';
import type { Config } from '../config/types.js';
import type { PinSet } from '../constraints/types.js';
import { type CandidateFilter, candidateVersions } from '../policy/candidates.js';
import { fetchClosure, type MetadataStore } from '../registry/metadata-store.js';
import type { Packument, Registry } from '../registry/types.js';
import { explainFailure } from '../solver/explain.js';
import { NeedMetadata } from '../solver/provider.js';
import { Solver, type SolveStats } from '../solver/solver.js';
import type { Workspace } from '../workspace/members.js';
import { NpmProvider, WORKSPACE } from './npm-provider.js';

export interface ResolveStats extends SolveStats {
  rounds: number;
  packuments: number;
}

export type ResolveOutcome = { ok: true; pins: PinSet; stats: ResolveStats } | { ok: false; explanation: string; stats: ResolveStats };

export interface ResolveInput {
  workspace: Workspace;
  config: Config;
  store: MetadataStore;
  filter: CandidateFilter;
}

/** Solves synchronously over the metadata in the store; throws NeedMetadata when the frontier needs more. */
export function solveOnce(input: ResolveInput): { ok: true; pins: PinSet; stats: SolveStats } | { ok: false; explanation: string; stats: SolveStats } {
  const provider = new NpmProvider(input.workspace, input.config, input.store, input.filter);
  const r = new Solver(provider).solve();
  if (!r.ok) {
    return { ok: false, stats: r.stats, explanation: explainFailure(r.failure, { universes: r.universes, rootPkg: WORKSPACE, display: (p) => provider.display(p), rootName: 'the workspace' }) };
  }
  const pins: PinSet = new Map();
  for (const [pkg, version] of r.solution) {
    if (pkg === WORKSPACE || pkg.startsWith('member:')) continue;
    const name = provider.display(pkg);
    const list = pins.get(name) ?? [];
    if (!list.includes(version)) list.push(version);
    pins.set(name, list);
  }
  for (const list of pins.values()) list.sort(semver.rcompare);
  return { ok: true, pins: new Map([...pins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), stats: r.stats };
}

/** Names a packument will likely lead to: the dependencies of its newest candidates (per major). */
function likelyNext(filter: CandidateFilter): (p: Packument) => string[] {
  return (p) => {
    const cands = candidateVersions(p, filter);
    const picks = new Set<string>();
    const seenMajors = new Set<number>();
    for (let i = cands.length - 1; i >= 0 && seenMajors.size < 2; i--) {
      const m = semver.major(cands[i]!);
      if (!seenMajors.has(m)) {
        seenMajors.add(m);
        picks.add(cands[i]!);
      }
    }
    const out: string[] = [];
    for (const v of picks) {
      const info = p.versions[v]!;
      out.push(...Object.keys(info.dependencies), ...Object.keys(info.optionalDependencies), ...Object.keys(info.peerDependencies));
    }
    return out;
  };
}

/**
 * The resolver with metadata fetched ahead in parallel rounds: prefetch the likely closure, solve, and when the
 * solver reaches a package it has no metadata for, fetch that frontier and solve again. The solver never awaits;
 * the answer depends only on the metadata, never on the order in which fetches complete.
 */
export async function resolveWorkspace(input: ResolveInput, registry: Registry, fetchOpts: { before?: Date; onProgress?: (d: number, t: number) => void } = {}): Promise<ResolveOutcome> {
  const members = new Set(input.workspace.members.map((m) => m.name));
  const expand = (p: Packument) => likelyNext(input.filter)(p).filter((n) => !members.has(n));
  const seed = new NpmProvider(input.workspace, input.config, input.store, input.filter).memberNames();
  await fetchClosure(registry, input.store, seed, expand, fetchOpts);
  let rounds = 0;
  let stats: SolveStats = { decisions: 0, conflicts: 0, propagations: 0, incompatibilities: 0 };
  while (true) {
    rounds++;
    try {
      const r = solveOnce(input);
      const total = { ...r.stats, decisions: stats.decisions + r.stats.decisions, conflicts: stats.conflicts + r.stats.conflicts, rounds, packuments: input.store.size };
      return r.ok ? { ok: true, pins: r.pins, stats: total } : { ok: false, explanation: r.explanation, stats: total };
    } catch (err) {
      if (!(err instanceof NeedMetadata)) throw err;
      stats = { ...stats };
      await fetchClosure(registry, input.store, err.names, expand, fetchOpts);
    }
  }
}
