import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cacache from 'cacache';
import { describe, expect, it } from 'vitest';
import { bucketPath } from '../../src/registry/cache-index.js';
import { IndexStamps } from '../../src/registry/index-stamps.js';

describe("npm's cache index through the last run's stamps", () => {
  it('answers an unchanged bucket from the stamps, and reads a bucket again when npm writes to it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'constrain-stamps-'));
    const file = join(cache, 'stamps.json');
    await cacache.put(cache, 'k:a', 'first', { metadata: { resHeaders: { 'cache-control': 'max-age=300', etag: 'x' } } });
    // a whole second, which utimes can set again exactly
    const bucket = join(cache, bucketPath('k:a'));
    const stamp = 1_700_000_000;
    utimesSync(bucket, stamp, stamp);
    const first = new IndexStamps(cache, file);
    const a1 = first.entry('k:a')!;
    expect(a1.metadata?.resHeaders?.['cache-control']).toBe('max-age=300');
    expect(first.entry('k:none')).toBeUndefined();
    await first.save();

    // the next run does not read a bucket whose size and time are unchanged: a same-size forgery with the old
    // time is not seen (cacache never writes so; it appends, which the stamp sees)
    const text = readFileSync(bucket, 'utf8');
    writeFileSync(bucket, text.replace(/sha512-./, (m) => `${m.slice(0, -1)}${m.endsWith('A') ? 'B' : 'A'}`));
    utimesSync(bucket, stamp, stamp);
    expect(new IndexStamps(cache, file).entry('k:a')?.integrity).toBe(a1.integrity);
    writeFileSync(bucket, text);
    utimesSync(bucket, stamp, stamp);

    // npm stores a new document: the bucket grows, and its new entry is read
    await cacache.put(cache, 'k:a', 'second');
    await cacache.put(cache, 'k:none', 'now here');
    const second = new IndexStamps(cache, file);
    const a2 = second.entry('k:a')!;
    expect(a2.integrity).not.toBe(a1.integrity);
    expect(a2.integrity).toBe((await cacache.get.info(cache, 'k:a'))!.integrity);
    expect(second.entry('k:none')?.integrity).toBe((await cacache.get.info(cache, 'k:none'))!.integrity);
    await second.save();

    // removed entries and a cleared cache are absent, as cacache says
    await cacache.rm.entry(cache, 'k:a');
    expect(new IndexStamps(cache, file).entry('k:a')).toBeUndefined();
  });
});
