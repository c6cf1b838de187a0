import { codePointCompare } from '../util/compare.js';
import type { Constraints, PinSet } from './types.js';

export type PinValue = string | string[];

export interface PinChange {
  package: string;
  from: PinValue | null;
  to: PinValue | null;
}

export function pinValue(versions: readonly string[]): PinValue {
  return versions.length === 1 ? versions[0]! : [...versions];
}

/** What changes from the constraints file to a new pin set, by name. */
export function pinChanges(current: Constraints, next: PinSet): PinChange[] {
  const names = [...new Set([...current.byName.keys(), ...next.keys()])].sort(codePointCompare);
  const changes: PinChange[] = [];
  for (const name of names) {
    const before = current.byName.get(name)?.map((p) => p.version);
    const after = next.get(name);
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    changes.push({ package: name, from: before ? pinValue(before) : null, to: after ? pinValue(after) : null });
  }
  return changes;
}
