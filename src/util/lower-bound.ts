/**
 * The first index in [0, count) for which `below` is false, where `below` is true for a prefix of the indices and
 * false after it (a sorted list: "is the element at i below the target?"); count when it is true everywhere.
 */
export function lowerBound(count: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
