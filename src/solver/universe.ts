/**
 * The known versions of one package, oldest first. A version set is a bitset over them, plus one extra bit
 * that stands for "not selected": positive terms exclude it, negative terms include it. With that bit,
 * intersection, complement and subset are plain bit operations.
 */
export class Universe {
  readonly index: ReadonlyMap<string, number>;
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
    this.index = new Map(versions.map((v, i) => [v, i]));
    this.none = 1n << BigInt(versions.length);
    this.full = (this.none << 1n) - 1n;
    this.all = this.none - 1n;
  }

  /** The positive set of the given versions (unknown ones ignored). */
  of(versions: Iterable<string>): bigint {
    let bits = 0n;
    for (const v of versions) {
      const i = this.index.get(v);
      if (i !== undefined) bits |= 1n << BigInt(i);
    }
    return bits;
  }

  /** Versions in a set, oldest first. */
  members(bits: bigint): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.versions.length; i++) if ((bits >> BigInt(i)) & 1n) out.push(this.versions[i]!);
    return out;
  }

  /** The newest version in a set. */
  newest(bits: bigint): string | undefined {
    for (let i = this.versions.length - 1; i >= 0; i--) if ((bits >> BigInt(i)) & 1n) return this.versions[i];
    return undefined;
  }

  count(bits: bigint): number {
    let n = 0;
    let b = bits & this.all;
    while (b) {
      b &= b - 1n;
      n++;
    }
    return n;
  }
}
