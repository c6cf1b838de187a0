import semver from 'semver';
import { nodeId, splitNodeId } from '../graph/types.js';
import { holdFor } from '../policy/candidates.js';
import { satisfies, versionsNewestFirst } from '../policy/semver-cache.js';
import { anyPublishedSatisfiesAll, enginesAdmit, exclusionFor, newestAllowed } from '../policy/versions.js';
import { codePointCompare } from '../util/compare.js';
import { type CheckContext, positionOf } from './context.js';
import type { Finding, FindingKind, Requirement } from './finding.js';

/** A fact an error bottoms out in: the one thing whose change clears it. */
export type RootFact =
  /** a member's range on a name, at its line */
  | { type: 'range'; member: string; name: string; range: string; file?: string; line?: number; col?: number }
  /** a published package version whose own requirements conflict with the members' */
  | { type: 'upstream'; package: string; version: string; requires: { name: string; range: string }[] }
  /** a policy entry of the config: a hold, an exclude, the engines */
  | { type: 'policy'; policy: 'hold' | 'exclude' | 'engines'; name: string; value: string; file?: string; line?: number; col?: number }
  /** a pin of the constraints file */
  | { type: 'pin'; name: string; pins: string[]; file?: string; line?: number }
  /** the lockfile */
  | { type: 'lockfile'; file: string };

/** The smallest change that clears the fact's findings. */
export type RootFix =
  /** `to` is the range that fits; members' ranges on each other (internal, upgrade) carry the finding's own suggestion */
  | { type: 'widen'; file?: string; line?: number; name: string; from: string; to?: string; suggestion?: string }
  | { type: 'avoid'; package: string; version: string; use?: string }
  | { type: 'lift'; policy: 'hold' | 'exclude' | 'engines'; name: string; file?: string; line?: number }
  | { type: 'pin'; name: string; suggestion?: string }
  | { type: 'relock'; file: string };

export interface RootCause {
  fact: RootFact;
  fix: RootFix;
  /** the members the error findings it explains break, sorted */
  members: string[];
  /** how many error findings it explains */
  findings: number;
  kinds: FindingKind[];
}

/**
 * Traces every error finding to the facts its derivation bottoms out in and ranks them: by how many members, then
 * how many findings, each breaks; ties by the fact's identity. Pure.
 *
 * For requirements that must share a version, the blamed ones are those whose removal leaves the rest satisfiable
 * (the outliers: one member's narrow range, one upstream release that dropped a peer range). For a pin that no
 * longer fits, the blame is the policy that forbids the fitting versions, else the pin itself.
 */
export function rootCauses(ctx: CheckContext, findings: readonly Finding[]): RootCause[] {
  return explainedCauses(ctx, findings).map((x) => x.cause);
}

/** The ranked causes, each with the findings it explains. */
export function explainedCauses(ctx: CheckContext, findings: readonly Finding[]): { cause: RootCause; findings: Finding[] }[] {
  const reach = membersReaching(ctx);
  const members = new Set(ctx.workspace.members.map((m) => m.name));
  const causes = new Map<string, { cause: RootCause; memberSet: Set<string>; kinds: Set<FindingKind>; explained: Finding[] }>();
  const blame = (key: string, fact: RootFact, fix: RootFix, f: Finding, broken: Iterable<string>) => {
    let entry = causes.get(key);
    if (!entry) {
      entry = { cause: { fact, fix, members: [], findings: 0, kinds: [] }, memberSet: new Set(), kinds: new Set(), explained: [] };
      causes.set(key, entry);
    }
    entry.cause.findings++;
    entry.explained.push(f);
    entry.kinds.add(f.kind);
    for (const m of broken) entry.memberSet.add(m);
  };
  const memberOf = (r: Requirement) => (members.has(r.by) ? r.by : r.path[0] && members.has(r.path[0]) ? r.path[0] : undefined);
  const membersOf = (f: Finding) => (f.requirements ?? []).map(memberOf).filter((m): m is string => m !== undefined);

  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const p = ctx.store.get(f.package);
    switch (f.kind) {
      case 'unsatisfiable': {
        const reqs = f.requirements ?? [];
        const blamed = reqs.filter((_, i) => {
          const others = reqs.filter((_, j) => j !== i).map((o) => o.range);
          return others.length === 0 || anyPublishedSatisfiesAll(p, others);
        });
        for (const r of blamed.length > 0 ? blamed : reqs) {
          const others = reqs.filter((o) => o !== r).map((o) => o.range);
          const member = memberOf(r);
          if (member && r.path.length <= 1) {
            const to = newestAllowed(ctx.config, ctx.node, p, others.length ? others : ['*']);
            blame(
              `range\0${member}\0${f.package}\0${r.range}`,
              { type: 'range', member, name: f.package, range: r.range, ...positionOf(r) },
              { type: 'widen', ...(r.file ? { file: r.file, line: r.line } : {}), name: f.package, from: r.range, to: to ? `^${to}` : others.join(' ') },
              f,
              [member],
            );
          } else {
            const [pkg, version] = splitNodeId(r.by);
            blame(
              `upstream\0${r.by}`,
              { type: 'upstream', package: pkg, version, requires: [{ name: f.package, range: r.range }] },
              { type: 'avoid', package: pkg, version, ...withUse(ctx, pkg, version, f.package, others) },
              f,
              reach.get(r.by) ?? membersOf(f),
            );
            const entry = causes.get(`upstream\0${r.by}`)!;
            const requires = (entry.cause.fact as Extract<RootFact, { type: 'upstream' }>).requires;
            if (!requires.some((x) => x.name === f.package)) requires.push({ name: f.package, range: r.range });
          }
        }
        break;
      }
      case 'pin-outside-range':
      case 'peer-unsatisfied':
      case 'unpinned': {
        const ranges = (f.requirements ?? []).map((r) => r.range);
        const policy = p ? blockingPolicy(ctx, f.package, versionsNewestFirst(p).filter((v) => ranges.every((r) => satisfies(v, r)))) : undefined;
        const broken = membersOf(f);
        if (policy) blame(`policy\0${policy.policy}\0${f.package}`, policy, { type: 'lift', policy: policy.policy, name: f.package, ...at(policy) }, f, broken);
        else blame(`pin\0${f.package}`, pinFact(ctx, f.package), { type: 'pin', name: f.package, ...(f.suggestion ? { suggestion: f.suggestion } : {}) }, f, broken);
        break;
      }
      case 'excluded-pin':
      case 'engine-mismatch':
      case 'missing-version':
      case 'multiple-pins': {
        const broken = (f.pins ?? []).flatMap((v) => reach.get(nodeId(f.package, v)) ?? []);
        blame(`pin\0${f.package}`, pinFact(ctx, f.package), { type: 'pin', name: f.package, ...(f.suggestion ? { suggestion: f.suggestion } : {}) }, f, broken);
        break;
      }
      case 'internal-range':
      case 'upgrade-conflict': {
        const r = f.requirements?.[0];
        const member = r ? (memberOf(r) ?? r.by.replace(/@[^@]*$/, '')) : f.package;
        blame(
          `range\0${member}\0${f.package}\0${r?.range ?? ''}`,
          { type: 'range', member, name: f.package, range: r?.range ?? '', ...(f.file ? { file: f.file, line: f.line } : {}) },
          { type: 'widen', ...(f.file ? { file: f.file, line: f.line } : {}), name: f.package, from: r?.range ?? '', ...(f.suggestion ? { suggestion: f.suggestion } : {}) },
          f,
          [member],
        );
        break;
      }
      case 'lockfile-mismatch':
        blame(`lockfile\0${f.file}`, { type: 'lockfile', file: f.file ?? '' }, { type: 'relock', file: f.file ?? '' }, f, []);
        break;
    }
  }
  return [...causes.entries()]
    .map(([key, e]) => ({ key, cause: { ...e.cause, members: [...e.memberSet].sort(codePointCompare), kinds: [...e.kinds].sort(codePointCompare) }, findings: e.explained }))
    .sort((a, b) => b.cause.members.length - a.cause.members.length || b.cause.findings - a.cause.findings || codePointCompare(a.key, b.key))
    .map(({ cause, findings: explained }) => ({ cause, findings: explained }));
}

/** Which members reach each NAME@VERSION of the install graph (members' own edges included). */
function membersReaching(ctx: CheckContext): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const next = new Map<string, string[]>();
  for (const e of ctx.graph.edges) {
    if (e.target !== 'registry' || e.resolved === undefined) continue;
    const list = next.get(e.from) ?? [];
    list.push(nodeId(e.name, e.resolved));
    next.set(e.from, list);
  }
  for (const m of ctx.workspace.members) {
    const seen = new Set<string>();
    const queue = [...(next.get(m.name) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const set = out.get(id) ?? new Set<string>();
      set.add(m.name);
      out.set(id, set);
      queue.push(...(next.get(id) ?? []));
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort(codePointCompare)]));
}

/** The policy entry that forbids every version the requirements admit, if that is what stands in the way. */
function blockingPolicy(ctx: CheckContext, name: string, fitting: string[]): Extract<RootFact, { type: 'policy' }> | undefined {
  const stable = fitting.filter((v) => !semver.prerelease(v));
  if (stable.length === 0) return undefined;
  const newest = stable[0]!;
  const hold = holdFor(ctx.config, name, newest);
  if (hold && stable.every((v) => holdFor(ctx.config, name, v))) return { type: 'policy', policy: 'hold', name, value: `below ${hold.below}`, ...positionOf(hold.position) };
  const excluded = exclusionFor(ctx.config, name, newest);
  if (excluded && stable.every((v) => exclusionFor(ctx.config, name, v))) return { type: 'policy', policy: 'exclude', name, value: excluded.range, ...positionOf(excluded.position) };
  const p = ctx.store.get(name);
  if (p && ctx.node && stable.every((v) => !enginesAdmit(p.versions[v]?.enginesNode, ctx.node))) return { type: 'policy', policy: 'engines', name, value: ctx.node, ...(ctx.config.file ? { file: ctx.config.file } : {}) };
  return undefined;
}

/** The newest version of an upstream package whose requirement on `name` fits the others' ranges. */
function withUse(ctx: CheckContext, pkg: string, version: string, name: string, others: string[]): { use?: string } {
  const p = ctx.store.get(pkg);
  const dep = ctx.store.get(name);
  for (const v of versionsNewestFirst(p)) {
    if (v === version || semver.prerelease(v) || semver.gt(v, version)) continue;
    const info = p!.versions[v]!;
    const range = info.peerDependencies[name] ?? info.dependencies[name] ?? info.optionalDependencies[name];
    if (range === undefined || anyPublishedSatisfiesAll(dep, [...others, range])) return { use: v };
  }
  return {};
}

function pinFact(ctx: CheckContext, name: string): RootFact {
  const pins = ctx.constraints.byName.get(name) ?? [];
  return { type: 'pin', name, pins: pins.map((p) => p.version), ...(pins[0] ? { file: pins[0].file, line: pins[0].line } : {}) };
}

const at = (f: { file?: string; line?: number }) => (f.file ? { file: f.file, ...(f.line !== undefined ? { line: f.line } : {}) } : {});

