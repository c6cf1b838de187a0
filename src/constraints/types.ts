import { codePointCompare } from '../util/compare.js';

export interface Pin {
  name: string;
  version: string;
  file: string;
  line: number;
  col: number;
}

export interface PinKey {
  name: string;
  line: number;
  col: number;
}

/** The parsed constraints file: every pin with its position, keys in file order. */
export interface Constraints {
  file: string;
  exists: boolean;
  pins: Pin[];
  byName: Map<string, Pin[]>;
  keys: PinKey[];
  text: string;
}

/** A pin set as the resolver produces it: one version or several per name. */
export type PinSet = Map<string, string[]>;

/** The constraints as they would read with other pins: positions kept for names already pinned (for simulations). */
export function withPins(base: Constraints, pins: PinSet): Constraints {
  const byName = new Map<string, Pin[]>();
  const all: Pin[] = [];
  for (const [name, versions] of [...pins].sort(([a], [b]) => codePointCompare(a, b))) {
    const at = base.byName.get(name)?.[0];
    const list = versions.map((version) => ({ name, version, file: base.file, line: at?.line ?? 0, col: at?.col ?? 0 }));
    byName.set(name, list);
    all.push(...list);
  }
  const keys = [...byName.keys()].map((name) => ({ name, line: byName.get(name)![0]!.line, col: 1 }));
  return { ...base, pins: all, byName, keys };
}
