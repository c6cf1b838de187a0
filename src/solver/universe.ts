import { getOrMake } from '../util/memo-map.js';
import { type NarrowArray, narrowArray } from '../util/narrow-array.js';
import { textOrder, textPosition } from '../util/text-order.js';
import type { Term } from './term.js';

/**
 * The known versions of one package, oldest first. A version set is a bitset over them, plus one extra bit
 * that stands for "not selected": positive terms exclude it, negative terms include it. With that bit,
 * intersection, complement and subset are plain bit operations.
 */
export class Universe {
  /** the versions' textOrder, where a version is found: a Map per version list held 12 MB over 10,000 packages */
  private readonly byText: NarrowArray;
  /** the "not selected" bit */
  readonly none: bigint;
  /** every version, not selected included */
  readonly full: bigint;
  /** every version, "not selected" excluded */
  readonly all: bigint;

  constructor(
    readonly pkg: string,
    readonly versions: readonly string[],
  ) {
    // slots of one name share their version list: one index serves them all
    this.byText = getOrMake(indexes, versions, () => narrowArray(textOrder(versions)));
    this.none = 1n << BigInt(versions.length);
    this.full = (this.none << 1n) - 1n;
    this.all = this.none - 1n;
  }

  /** The position of a version in `versions`, or undefined when the package has no such version. */
  indexOf(version: string): number | undefined {
    const at = textPosition(this.versions, this.byText, version);
    return at < 0 ? undefined : at;
  }

  /** The positive set of the given versions (unknown ones ignored). */
  of(versions: Iterable<string>): bigint {
    let bits = 0n;
    for (const v of versions) {
      const i = this.indexOf(v);
      if (i !== undefined) bits |= 1n << BigInt(i);
    }
    return bits;
  }

  /** The positive set of a list of versions, once per list and version list: dependencies repeat their lists. */
  ofList(versions: readonly string[]): bigint {
    return getOrMake(getOrMake(listBits, this.versions, () => new WeakMap()), versions, () => this.of(versions));
  }

  /**
   * The one Term of this package with these bits. Incompatibilities share the terms they have in common (a
   * version's dependencies share its span, dependents share a range), and the solver knows an incompatibility
   * by its terms' identities: a term each, and a text key each, held a fifth of a 10,000-package solve's memory.
   */
  term(bits: bigint): Term {
    this.interned ??= new Map<bigint, Term>();
    return getOrMake(this.interned, bits, () => ({ pkg: this.pkg, bits }));
  }

  private interned: Map<bigint, Term> | undefined;

  /** Versions in a set, oldest first. One pass over the set's binary digits: linear in the number of versions. */
  members(bits: bigint): string[] {
    const out: string[] = [];
    const digits = (bits & this.all).toString(2);
    for (let i = digits.length - 1, v = 0; i >= 0; i--, v++) if (digits.charCodeAt(i) === 49) out.push(this.versions[v]!);
    return out;
  }

  /** The newest version in a set: its highest bit. */
  newest(bits: bigint): string | undefined {
    const b = bits & this.all;
    return b === 0n ? undefined : this.versions[b.toString(2).length - 1];
  }

  /** How many versions a set holds, from its hexadecimal digits. */
  count(bits: bigint): number {
    const hex = (bits & this.all).toString(16);
    let n = 0;
    for (let i = 0; i < hex.length; i++) n += NIBBLE_BITS[hex.charCodeAt(i)]!;
    return n;
  }
}

const indexes = new WeakMap<readonly string[], NarrowArray>();
const listBits = new WeakMap<readonly string[], WeakMap<readonly string[], bigint>>();

/** Set bits of each hexadecimal digit, indexed by its character code. */
const NIBBLE_BITS = (() => {
  const t = new Uint8Array(128);
  for (let d = 0; d < 16; d++) t[d.toString(16).charCodeAt(0)] = ((d >> 3) & 1) + ((d >> 2) & 1) + ((d >> 1) & 1) + (d & 1);
  return t;
})();
