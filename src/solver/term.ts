import type { Universe } from './universe.js';

/**
 * A term: a statement about one package. `bits` is the set of outcomes it allows, over the package's
 * universe plus the "not selected" bit. "foo ^1" allows the ^1 versions; "not foo ^1" allows every other
 * version and not selecting foo at all.
 */
export interface Term {
  pkg: string;
  bits: bigint;
}

export const isPositive = (t: Term, u: Universe): boolean => (t.bits & u.none) === 0n;
export const negate = (t: Term, u: Universe): Term => ({ pkg: t.pkg, bits: u.full ^ t.bits });
/** a ⊆ b */
export const satisfiesTerm = (a: bigint, b: bigint, u: Universe): boolean => (a & (u.full ^ b)) === 0n;
export const disjoint = (a: bigint, b: bigint): boolean => (a & b) === 0n;
