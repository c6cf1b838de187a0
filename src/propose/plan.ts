import semver from 'semver';
import { positionOf } from '../check/context.js';
import type { Constraints, PinSet } from '../constraints/types.js';
import { buildInstallGraph, memberEdges } from '../graph/build.js';
import type { Inputs } from '../load.js';
import type { CandidateFilter, Rejection } from '../policy/candidates.js';
import { satisfies, versionsNewestFirst } from '../policy/semver-cache.js';
import type { FetchOptions, MetadataStore } from '../registry/metadata-store.js';
import { releaseNotesUrl } from '../registry/slim.js';
import { renderDerivation } from '../report/derivation.js';
import { type ResolveInput, resolveWorkspace } from '../resolve/solve-workspace.js';
import type { Derivation } from '../solver/derivation.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { matchesAny } from '../util/name-pattern.js';

export interface Bump {
  package: string;
  from: string;
  to: string;
  type: 'major' | 'minor' | 'patch' | 'prerelease';
  published: string | null;
  /** where the release notes are read, when the packument names a repository */
  releaseNotes?: string;
}

/**
 * Why a newer version is held back, as data, with `text` as users read it: a policy entry (hold, exclude, engines,
 * deprecated, prerelease, age), a release-train group, the members' own ranges, the dependents' ranges (a
 * transitive pin: nothing to act on here), or a conflict the resolver derives.
 */
export type HeldBackReason =
  | Rejection
  | { kind: 'range'; text: string; requirements: { member: string; range: string; file?: string; line?: number; col?: number }[] }
  | { kind: 'dependents'; text: string; dependents: { dependent: string; range: string }[] }
  | { kind: 'conflict'; text: string; derivation?: Derivation; costs?: { package: string; from: string; to: string }[] };

export type HeldBackKind = HeldBackReason['kind'];

export interface HeldBack {
  package: string;
  current: string;
  newest: string;
  reason: HeldBackReason;
}

export interface PinMove {
  package: string;
  version: string;
}

export type Proposal =
  | { ok: true; pins: PinSet; bumps: Bump[]; heldBack: HeldBack[]; added: PinMove[]; removed: PinMove[] }
  | { ok: false; derivation: Derivation };

const bumpType = (from: string, to: string): Bump['type'] => {
  const d = semver.diff(from, to);
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  if (d === 'patch' || d === 'prepatch') return 'patch';
  return 'prerelease';
};

/** Pairs old and new versions of one name: same major first, then what is left, newest with newest. */
function pairVersions(before: string[], after: string[]): { from?: string; to?: string }[] {
  const left = [...before].sort(semver.rcompare);
  const unpaired: string[] = [];
  const out: { from?: string; to?: string }[] = [];
  for (const to of [...after].sort(semver.rcompare)) {
    const i = left.findIndex((v) => semver.major(v) === semver.major(to));
    if (i >= 0) out.push({ from: left.splice(i, 1)[0], to });
    else unpaired.push(to);
  }
  for (const to of unpaired) out.push(left.length > 0 ? { from: left.shift(), to } : { to });
  for (const from of left) out.push({ from });
  return out;
}

/**
 * The periodic job's plan (docs/reference.md, "propose"): the newest co-installable pin set under propose's policy, groups moved
 * together or not at all, and for every name that could go further, the specific reason it does not.
 */
export async function planProposal(inputs: Inputs, store: MetadataStore, filter: CandidateFilter, fetchOpts: Pick<FetchOptions, 'onProgress'> = {}): Promise<Proposal> {
  const current = inputs.constraints;
  const groupHeld = new Map<string, Rejection>();
  let frozen = new Set<string>();
  let pins: PinSet | undefined;
  const base: ResolveInput = { workspace: inputs.workspace, config: inputs.config, store, filter };
  for (let attempt = 0; attempt < 4; attempt++) {
    const frozenFilter: CandidateFilter = (name, version, p) => {
      if (frozen.has(name) && !(current.byName.get(name) ?? []).some((x) => x.version === version)) return groupHeld.get(name) ?? { kind: 'group', text: 'frozen', group: '', stuck: [] };
      return filter(name, version, p);
    };
    const outcome = await resolveWorkspace({ ...base, filter: frozenFilter }, inputs.registry, { before: inputs.before, ...fetchOpts });
    if (!outcome.ok) return { ok: false, derivation: outcome.derivation };
    pins = outcome.pins;
    const split = splitGroups(inputs, current, pins, store, frozen);
    if (split.size === 0) break;
    for (const [name, why] of split) groupHeld.set(name, why);
    frozen = new Set([...frozen, ...split.keys()]);
  }
  const chosen = pins!;
  const bumps: Bump[] = [];
  const added: PinMove[] = [];
  const removed: PinMove[] = [];
  const names = [...new Set([...current.byName.keys(), ...chosen.keys()])].sort(codePointCompare);
  for (const name of names) {
    const before = current.byName.get(name)?.map((p) => p.version) ?? [];
    const after = chosen.get(name) ?? [];
    for (const { from, to } of pairVersions(before, after)) {
      if (from && to && from !== to) {
        const notes = releaseNotesUrl(store.get(name)?.repository);
        bumps.push({ package: name, from, to, type: bumpType(from, to), published: store.get(name)?.time[to] ?? null, ...(notes ? { releaseNotes: notes } : {}) });
      }
      else if (to && !from) added.push({ package: name, version: to });
      else if (from && !to) removed.push({ package: name, version: from });
    }
  }
  const heldBack = await heldBackReasons(inputs, store, filter, chosen, groupHeld);
  return { ok: true, pins: chosen, bumps, heldBack, added, removed };
}

/** Groups that moved only partly: every name of such a group is frozen at its pins, with the reason. */
function splitGroups(inputs: Inputs, current: Constraints, pins: PinSet, store: MetadataStore, frozen: Set<string>): Map<string, Rejection> {
  const out = new Map<string, Rejection>();
  for (const [group, patterns] of Object.entries(inputs.config.propose.groups)) {
    const names = [...new Set([...current.byName.keys(), ...pins.keys()])].filter((n) => matchesAny(patterns, n) && !frozen.has(n)).sort(codePointCompare);
    const moved = names.filter((n) => JSON.stringify(current.byName.get(n)?.map((p) => p.version).sort()) !== JSON.stringify([...(pins.get(n) ?? [])].sort()));
    if (moved.length === 0) continue;
    // a release train: a name that did not move although a newer release exists holds the whole group
    const stuck = names.filter((n) => !moved.includes(n) && newerReleaseExists(store, n, pins.get(n) ?? []));
    if (stuck.length === 0) continue;
    const why: Rejection = { kind: 'group', text: `group ${group} moves together, and ${stuck.join(', ')} cannot move now`, group, stuck };
    for (const n of moved) out.set(n, why);
  }
  return out;
}

/** Whether a newer stable release than a name's pins exists. */
function newerReleaseExists(store: MetadataStore, name: string, pins: readonly string[]): boolean {
  const p = store.get(name);
  if (!p || pins.length === 0) return false;
  const top = [...pins].sort(semver.rcompare)[0]!;
  return versionsNewestFirst(p).some((v) => !semver.prerelease(v) && semver.gt(v, top));
}

async function heldBackReasons(inputs: Inputs, store: MetadataStore, filter: CandidateFilter, pins: PinSet, groupHeld: Map<string, Rejection>): Promise<HeldBack[]> {
  const out: HeldBack[] = [];
  const graph = buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins, store });
  const edges = groupBy(
    memberEdges(inputs.workspace, inputs.config, store).filter((e) => e.target === 'registry'),
    (e) => e.name,
  );
  const dependentEdges = groupBy(
    graph.edges.filter((e) => e.target === 'registry' && !e.fromMember),
    (e) => e.name,
  );
  const allowPre = inputs.config.propose.prerelease;
  for (const [name, versions] of [...pins].sort(([a], [b]) => codePointCompare(a, b))) {
    const p = store.get(name);
    if (!p) continue;
    const currentTop = [...versions].sort(semver.rcompare)[0]!;
    const pinPre = versions.some((v) => semver.prerelease(v));
    const newest = versionsNewestFirst(p).find((v) => allowPre || pinPre || !semver.prerelease(v));
    if (!newest || !semver.gt(newest, currentTop)) continue;
    const entry = { package: name, current: currentTop, newest };
    const group = groupHeld.get(name);
    if (group) {
      out.push({ ...entry, reason: group });
      continue;
    }
    const policy = filter(name, newest, p);
    if (policy) {
      out.push({ ...entry, reason: policy });
      continue;
    }
    const members = edges.get(name) ?? [];
    const excluding = members.filter((e) => !satisfies(newest, e.range));
    if (excluding.length > 0) {
      const ranges = [...new Set(excluding.map((e) => e.range))].join(', ');
      out.push({
        ...entry,
        reason: {
          kind: 'range',
          text: `${newest} is outside ${ranges} required by ${excluding.map((e) => `${e.file}:${e.line}`).join(' and ')}; widen ${excluding.length === 1 ? 'that range' : 'those ranges'} to take it`,
          requirements: excluding.map((e) => ({ member: e.from, range: e.range, ...positionOf(e) })),
        },
      });
      continue;
    }
    if (members.length === 0) {
      const dependents = (dependentEdges.get(name) ?? []).filter((e) => !satisfies(newest, e.range));
      if (dependents.length > 0) {
        const list = [...new Set(dependents.map((e) => `${e.from} requires ${e.range}`))].slice(0, 3).join('; ');
        const text = `held by its dependents: ${list}; ${newest} needs newer dependents that widen their ranges`;
        out.push({ ...entry, reason: { kind: 'dependents', text, dependents: dependents.map((e) => ({ dependent: e.from, range: e.range })) } });
        continue;
      }
    }
    out.push({ ...entry, reason: await forcedReason(inputs, store, filter, name, newest, pins) });
  }
  return out;
}

/** Asks the resolver to take `version` outright: its derivation, or what taking it would cost elsewhere. */
async function forcedReason(inputs: Inputs, store: MetadataStore, filter: CandidateFilter, name: string, version: string, pins: PinSet): Promise<HeldBackReason> {
  const input: ResolveInput = { workspace: inputs.workspace, config: inputs.config, store, filter, force: new Map([[name, version]]) };
  const r = await resolveWorkspace(input, inputs.registry, { before: inputs.before });
  if (!r.ok) return { kind: 'conflict', text: renderDerivation(r.derivation).replace(/\s*\n\s*/g, ' '), derivation: r.derivation };
  const costs: { package: string; from: string; to: string }[] = [];
  for (const [other, vs] of r.pins) {
    const now = pins.get(other);
    if (!now || other === name) continue;
    const a = [...now].sort(semver.rcompare)[0]!;
    const b = [...vs].sort(semver.rcompare)[0]!;
    if (semver.lt(b, a)) costs.push({ package: other, from: a, to: b });
  }
  const text =
    costs.length > 0
      ? `taking ${version} would hold back ${costs
          .slice(0, 3)
          .map((c) => `${c.package} ${c.to} instead of ${c.from}`)
          .join(', ')}`
      : `${version} is not chosen: newer versions of packages decided first take priority`;
  return { kind: 'conflict', text, ...(costs.length ? { costs } : {}) };
}
