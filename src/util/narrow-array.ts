/** An array of non-negative integers in the narrowest typed array that holds them all. */
export type NarrowArray = Uint8Array | Uint16Array | Uint32Array;

/**
 * Copies `values` (non-negative integers below 2^32) into bytes, 16-bit or 32-bit words, whichever is the narrowest
 * that holds the largest: a packument's string ids and record positions are almost always below 65,536, and held
 * as 32-bit words they were 30 MB of a 10,000-package generate.
 */
export function narrowArray(values: ArrayLike<number>): NarrowArray {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max < 2 ** 8) return Uint8Array.from(values);
  if (max < 2 ** 16) return Uint16Array.from(values);
  return Uint32Array.from(values);
}
