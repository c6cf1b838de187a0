import semver from 'semver';
import type { PinSet } from '../constraints/types.js';

export type ExportTarget = 'npm' | 'pnpm' | 'yarn';

export interface OverridePlan {
  /** the entries constrain owns, in order */
  entries: [string, string][];
  /** names left out, with why */
  skipped: { name: string; reason: string }[];
}

/** The base package name of an override key: "lodash", "lodash@4.17.21", "@s/p@^1", "@s/p@npm:^1", "a>b". */
export function overrideKeyName(key: string): string {
  const last = key.split('>').pop()!.trim();
  const at = last.indexOf('@', 1);
  return at > 0 ? last.slice(0, at) : last;
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
export function planOverrides(target: ExportTarget, pins: PinSet, opts: { members: ReadonlySet<string>; rootDirect: ReadonlySet<string>; rangesByName: ReadonlyMap<string, Map<string, string>> }): OverridePlan {
  const entries: [string, string][] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const [name, versions] of pins) {
    if (opts.members.has(name)) {
      skipped.push({ name, reason: 'a member: members are never overridden' });
      continue;
    }
    if (target === 'npm' && opts.rootDirect.has(name)) {
      skipped.push({ name, reason: 'a direct dependency of the root package.json: npm does not allow overriding it; keep its range tight' });
      continue;
    }
    const sorted = [...versions].sort(semver.rcompare);
    if (sorted.length === 1) {
      entries.push([name, sorted[0]!]);
    } else if (target === 'yarn') {
      const ranges = opts.rangesByName.get(name) ?? new Map<string, string>();
      for (const [range, pin] of [...ranges].sort(([a], [b]) => (a < b ? -1 : 1))) entries.push([`${name}@npm:${range}`, pin]);
    } else {
      for (const v of sorted) entries.push([`${name}@${v}`, v]);
    }
  }
  return { entries, skipped };
}

/** Merges constrain's entries into an existing overrides object: entries for pinned names are replaced, others kept. */
export function mergeOverrides(existing: Record<string, unknown> | undefined, plan: OverridePlan, pinned: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(existing ?? {})) if (!pinned.has(overrideKeyName(k))) out[k] = v;
  for (const [k, v] of plan.entries) out[k] = v;
  return out;
}
