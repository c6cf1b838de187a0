import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What npm's cache index says of one key: the content's integrity, when it was stored, the response headers. */
export interface CacheEntry {
  integrity: string;
  time: number;
  metadata?: { resHeaders?: Record<string, string> };
}

/**
 * One key's entry in npm's cache index (cacache's index-v5), read synchronously: the bucket file named by the
 * key's sha256, whose lines are `sha1(json)\tjson`, appended; the last valid line for the key wins and a null
 * integrity is a deletion. A warm run reads thousands of these, and cacache's own reader costs several times
 * more per key (promises, a file handle each); test/registry/pacote-registry.test.ts holds this reader to cacache's answers.
 */
export function readCacheEntry(cacache: string, key: string): CacheEntry | undefined {
  return readBucketEntry(join(cacache, bucketPath(key)), key);
}

/** The bucket file of a key, relative to the cacache directory. */
export function bucketPath(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return join('index-v5', h.slice(0, 2), h.slice(2, 4), h.slice(4));
}

/** A key's entry in one bucket file (see readCacheEntry). */
export function readBucketEntry(file: string, key: string): CacheEntry | undefined {
  let data: string;
  try {
    data = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = data.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const json = line.slice(tab + 1);
    if (createHash('sha1').update(json).digest('hex') !== line.slice(0, tab)) continue;
    let entry: { key?: unknown; integrity?: unknown; time?: unknown; metadata?: CacheEntry['metadata'] };
    try {
      entry = JSON.parse(json) as typeof entry;
    } catch {
      continue;
    }
    if (entry.key !== key) continue;
    if (typeof entry.integrity !== 'string' || !entry.integrity) return undefined;
    return { integrity: entry.integrity, time: typeof entry.time === 'number' ? entry.time : 0, ...(entry.metadata ? { metadata: entry.metadata } : {}) };
  }
  return undefined;
}
