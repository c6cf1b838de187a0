import { codePointCompare } from './compare.js';
import { lowerBound } from './lower-bound.js';

/**
 * The positions of `texts` in the code-point order of their texts: an index that finds a text by binary search
 * (textPosition) at four bytes a text, where a Map from text to position costs tens.
 */
export function textOrder(texts: readonly string[]): Uint32Array {
  return Uint32Array.from(texts.keys()).sort((a, b) => codePointCompare(texts[a]!, texts[b]!));
}

/** The position of `text` in `texts`, found through their textOrder; -1 when it is not among them. */
export function textPosition(texts: readonly string[], order: ArrayLike<number>, text: string): number {
  const at = order[lowerBound(order.length, (i) => codePointCompare(texts[order[i]!]!, text) < 0)];
  return at !== undefined && texts[at] === text ? at : -1;
}
