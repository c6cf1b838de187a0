import semver from 'semver';
import type { PinSet } from '../constraints/types.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { overrideKeyPackage } from '../workspace/package-json.js';

export type ExportTarget = 'npm' | 'pnpm' | 'yarn';

/** An override value: a version, or (npm's nested form) the versions a dependent's subtree gets. */
export type OverrideValue = string | Record<string, string>;

export interface OverridePlan {
  /** the entries constrain owns, in order */
  entries: [string, OverrideValue][];
  /** names left out, with why */
  skipped: { name: string; reason: string }[];
  /** entries are confined to the pinned closure (see ScopedEdge) */
  scoped: boolean;
}

/**
 * One edge of the pinned install graph, for the scoped form: `parent` is a member (its name) or a pinned package
 * (NAME@VERSION), `name` the dependency and `pin` the version the edge resolves to.
 */
export interface ScopedEdge {
  parent: string;
  parentIsMember: boolean;
  name: string;
  pin: string;
}

export interface PlanOptions {
  members: ReadonlySet<string>;
  rootDirect: ReadonlySet<string>;
  rangesByName: ReadonlyMap<string, Map<string, string>>;
  /** the member that is the root package itself, when the root is a member */
  rootMember?: string;
  /**
   * The pinned graph's edges. When given, the overrides are confined to the pinned closure: each one applies only
   * under the dependent that needs it, so a package outside the closure (behind a file:, git or tarball
   * dependency) is never rewritten. See docs/adopting.md, "Installs that honour the pins".
   */
  scope?: readonly ScopedEdge[];
  /**
   * pnpm: the pinned graph's edges from published packages to members' names. pnpm installs those from the
   * registry (docs/resolver.md, "Which package manager"), so each gets a "PARENT@VERSION>NAME" entry; members
   * themselves are still never overridden.
   */
  memberCopies?: readonly ScopedEdge[];
}

/**
 * The override entries that make a real install honour the pins.
 *  - One pin: "name": "version".
 *  - Several pins: npm and pnpm match a "name@range" key when the key's range intersects the edge's range, trying
 *    keys in order; "name@PIN" keys from the highest pin down give every edge the highest pin its range admits,
 *    which is the edge's pin in constrain's graph. yarn matches descriptors exactly, so it gets one
 *    "name@npm:RANGE" key per range that reaches the name.
 * Members are never overridden. npm refuses overrides of the root package's own dependencies (EOVERRIDE), so
 * those are left to the root's range.
 */
export function planOverrides(target: ExportTarget, pins: PinSet, opts: PlanOptions): OverridePlan {
  if (opts.scope) return planScoped(target, opts.scope, opts);
  const entries: [string, OverrideValue][] = [];
  const skipped: { name: string; reason: string }[] = [];
  const copiesOf = groupBy(
    ((target === 'pnpm' && opts.memberCopies) || []).filter((e) => !e.parentIsMember),
    (e) => e.name,
  );
  for (const [name, versions] of pins) {
    const copies = copiesOf.get(name);
    if (copies?.length) {
      const keys = new Map(copies.map((e) => [`${e.parent}>${name}`, e.pin]));
      for (const key of [...keys.keys()].sort(codePointCompare)) entries.push([key, keys.get(key)!]);
      continue;
    }
    const skip = skipReason(target, name, opts);
    if (skip) {
      skipped.push({ name, reason: skip });
      continue;
    }
    const sorted = [...versions].sort(semver.rcompare);
    if (sorted.length === 1) {
      entries.push([name, sorted[0]!]);
    } else if (target === 'yarn') {
      const ranges = opts.rangesByName.get(name) ?? new Map<string, string>();
      for (const [range, pin] of [...ranges].sort(([a], [b]) => codePointCompare(a, b))) entries.push([`${name}@npm:${range}`, pin]);
    } else {
      for (const v of sorted) entries.push([`${name}@${v}`, v]);
    }
  }
  return { entries, skipped, scoped: false };
}

const ROOT_DIRECT = 'a direct dependency of the root package.json: npm does not allow overriding it; keep its range tight';

function skipReason(target: ExportTarget, name: string, opts: PlanOptions): string | undefined {
  if (opts.members.has(name)) return 'a member: members are never overridden';
  if (target === 'npm' && opts.rootDirect.has(name)) return ROOT_DIRECT;
  return undefined;
}

/**
 * The scoped form: every override sits under the dependent whose edge it fixes. npm nests
 * `"DEPENDENT": { "NAME@PIN": "PIN" }` (a member's name, or `NAME@VERSION` of a pinned package); pnpm writes
 * `"DEPENDENT>NAME": "PIN"`, which reaches only the dependent's direct edge. A subtree constrain does not pin is never reached, because none of its packages is a
 * key. The root package's own dependencies stay out (npm's EOVERRIDE), as in the flat form.
 */
function planScoped(target: ExportTarget, scope: readonly ScopedEdge[], opts: PlanOptions): OverridePlan {
  const byParent = new Map<string, Map<string, string>>();
  const skipped = new Map<string, string>();
  for (const e of scope) {
    // a member's name is overridden only where pnpm installs it from the registry: under a published package
    if (opts.members.has(e.name) && (target !== 'pnpm' || e.parentIsMember)) continue;
    if (target === 'npm' && e.parentIsMember && e.parent === opts.rootMember) {
      skipped.set(e.name, ROOT_DIRECT);
      continue;
    }
    const kids = byParent.get(e.parent) ?? new Map<string, string>();
    kids.set(e.name, e.pin);
    byParent.set(e.parent, kids);
  }
  const entries: [string, OverrideValue][] = [];
  for (const parent of [...byParent.keys()].sort(codePointCompare)) {
    const kids = [...byParent.get(parent)!].sort(([a], [b]) => codePointCompare(a, b));
    if (target === 'pnpm') for (const [name, pin] of kids) entries.push([`${parent}>${name}`, pin]);
    // npm applies a nested rule to the dependent's whole subtree; a NAME@PIN key only fires on edges whose range
    // already admits the pin, so an inherited rule never pushes a package outside its own range
    else entries.push([parent, Object.fromEntries(kids.map(([name, pin]) => [`${name}@${pin}`, pin]))]);
  }
  return { entries, skipped: [...skipped].sort(([a], [b]) => codePointCompare(a, b)).map(([name, reason]) => ({ name, reason })), scoped: true };
}

/**
 * Whether constrain owns an override key: it names a pinned package, or (scoped form) a member or a pinned
 * package as the dependent. Every other key is the user's and is kept.
 */
export function ownsOverrideKey(key: string, pinned: ReadonlySet<string>, members: ReadonlySet<string>): boolean {
  const parts = key.split('>').map((s) => overrideKeyPackage(s.trim()));
  return parts.every((p) => pinned.has(p) || members.has(p));
}

/** Merges constrain's entries into an existing overrides object: the entries constrain owns are replaced, others kept. */
export function mergeOverrides(existing: Record<string, unknown> | undefined, plan: OverridePlan, owns: (key: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(existing ?? {})) if (!owns(k)) out[k] = v;
  for (const [k, v] of plan.entries) out[k] = v;
  return out;
}
