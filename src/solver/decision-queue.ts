/** A package waiting for a decision, with the key the solver orders by. */
export interface Pending {
  pkg: string;
  priority: number;
  count: number;
  /** the package's accumulated term when this entry was made: an entry whose term has moved on is stale */
  bits: bigint;
}

const before = (a: Pending, b: Pending): boolean =>
  a.priority < b.priority || (a.priority === b.priority && (a.count < b.count || (a.count === b.count && a.pkg < b.pkg)));

/**
 * The packages the solver may decide next, lowest (priority, allowed versions, name) first: a binary heap with
 * lazy deletion. Each time a package's term changes a fresh entry is pushed; the caller skips entries that no
 * longer describe their package. The solver used to scan every package for the best one at each decision,
 * which is quadratic in the closure.
 */
export class DecisionQueue {
  private readonly heap: Pending[] = [];

  push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  pop(): Pending | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
