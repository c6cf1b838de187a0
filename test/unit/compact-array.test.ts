import { describe, expect, it } from 'vitest';
import { appended, compactArray } from '../../src/util/compact-array.js';

describe('compact arrays', () => {
  it('copy and append without changing what a list holds, short or long', () => {
    const source = [1, 2, 3];
    expect(compactArray(source)).toEqual(source);
    expect(compactArray(source)).not.toBe(source);
    let list: number[] | undefined;
    const seen: number[][] = [];
    for (let i = 0; i < 40; i++) {
      list = appended(list, i);
      seen.push([...list]);
    }
    expect(list).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // a short list is copied (an earlier answer keeps what it held), a long one grows in place
    expect(seen[2]).toEqual([0, 1, 2]);
    const short = [0, 1];
    expect(appended(short, 2)).not.toBe(short);
    expect(short).toEqual([0, 1]);
    const long = Array.from({ length: 20 }, (_, i) => i);
    expect(appended(long, 20)).toBe(long);
  });
});
