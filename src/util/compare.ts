/** Plain code-point order, the order of constraints keys and of every list constrain prints. */
export function codePointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
