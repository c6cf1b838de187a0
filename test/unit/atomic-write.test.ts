import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

describe('atomic writes', () => {
  it('a cache file: written whole, no temp file left, its directory made, and made again after the cache is cleared', async () => {
    const root = mkdtempSync(join(tmpdir(), 'constrain-atomic-'));
    const file = join(root, 'cache', 'ab', 'x.json');
    await writeFileAtomic(file, '{"a":1}', { durable: false });
    await writeFileAtomic(file, '{"a":2}', { durable: false });
    expect(readFileSync(file, 'utf8')).toBe('{"a":2}');
    rmSync(join(root, 'cache'), { recursive: true });
    await writeFileAtomic(file, '{"a":3}', { durable: false });
    expect(readFileSync(file, 'utf8')).toBe('{"a":3}');
    // concurrent writes of one file: one of them wins whole, and no temp file is left
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, JSON.stringify({ i }), { durable: false })));
    expect(JSON.parse(readFileSync(file, 'utf8')).i).toBeGreaterThanOrEqual(0);
    expect(readdirSync(join(root, 'cache', 'ab'))).toEqual(['x.json']);
  });

  it('a large cache file is written in slices, and no character is split where a slice ends (a surrogate pair across it)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'constrain-atomic-')), 'big.json');
    // a pair at every place around the 32,768-character slice ends, multi-byte text between
    for (const pad of [32_766, 32_767, 32_768]) {
      const text = `${'a'.repeat(pad)}😀é${'中😀'.repeat(40_000)}😀`;
      await writeFileAtomic(file, text, { durable: false });
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('a file users own keeps its mode', async () => {
    const root = mkdtempSync(join(tmpdir(), 'constrain-atomic-'));
    const file = join(root, 'constraints.yaml');
    writeFileSync(file, 'a: 1.0.0\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'a: 2.0.0\n');
    expect(readFileSync(file, 'utf8')).toBe('a: 2.0.0\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(['constraints.yaml']);
  });
});
