import type { SourcePosition } from '../errors.js';
import { compactArray } from '../util/compact-array.js';
import type { Term } from './term.js';
import type { Universe } from './universe.js';

/** Why an incompatibility holds: given by the problem (external), or derived from two others. */
export type Cause =
  | { kind: 'root' }
  | { kind: 'dependency'; depender: string; dependency: string; range: string; position?: SourcePosition; via?: string[]; verb?: string; optionalPeer?: boolean }
  | { kind: 'noVersions' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'derived'; left: Incompatibility; right: Incompatibility };

export interface Incompatibility {
  id: number;
  terms: Term[];
  cause: Cause;
}

let nextId = 0;

/**
 * Builds an incompatibility: terms on the same package are intersected, and terms that allow every
 * outcome are dropped (they are always satisfied). Its terms are the universes' own (Universe.term).
 */
export function makeIncompatibility(terms: Term[], cause: Cause, universes: ReadonlyMap<string, Universe>): Incompatibility {
  const merged = new Map<string, bigint>();
  for (const t of terms) {
    const u = universes.get(t.pkg)!;
    merged.set(t.pkg, (merged.get(t.pkg) ?? u.full) & t.bits);
  }
  const out: Term[] = [];
  for (const [pkg, bits] of merged) {
    const u = universes.get(pkg)!;
    if (bits !== u.full) out.push(u.term(bits));
  }
  return { id: nextId++, terms: compactArray(out), cause };
}
