import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/cli/heap-growth.js';

describe('limitHeapGrowth', () => {
  it("sets V8's heap growth unless node was started with a growth of its own", () => {
    const set: string[] = [];
    limitHeapGrowth(['--enable-source-maps'], (f) => set.push(f));
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    for (const own of ['--heap-growing-percent=50', '--heap_growing_percent=5']) {
      const kept: string[] = [];
      limitHeapGrowth([own], (f) => kept.push(f));
      expect(kept).toEqual([]);
    }
  });
});
