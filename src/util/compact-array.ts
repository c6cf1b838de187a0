/**
 * A copy of `items` with room for its elements only. V8 grows an array built by push to half as much again plus
 * 16 slots, and never shrinks it: a two-element array built by push takes 186 bytes, its copy 64. For the arrays
 * a solve keeps by the hundred thousand (an incompatibility's terms, a version's dependencies, matching lists)
 * that was 35 MB of a 10,000-package generate.
 */
export function compactArray<T>(items: readonly T[]): T[] {
  return items.slice();
}

/** Below this length, `appended` copies instead of pushing. */
const SHORT = 16;

/**
 * `list` with `item` at its end: a new array of the exact size while the list is short, the same array pushed onto
 * once it is longer (where the room push leaves is at most half the list). Most of a solve's per-package lists
 * hold one to three items, and grown by push each kept room for 16 more.
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  if (list.length >= SHORT) {
    list.push(item);
    return list;
  }
  // concat sizes its result exactly; a spread into a literal leaves room like push
  return list.concat([item]);
}
