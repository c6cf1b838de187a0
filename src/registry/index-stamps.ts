import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { codePointCompare } from '../util/compare.js';
import { bucketPath, type CacheEntry, readBucketEntry } from './cache-index.js';

const FORMAT = 1;

/**
 * One key's entry as last read, with its bucket file (relative to the cacache directory) and the file's stamp:
 * of the entry, only what constrain reads (the content's integrity, when it was stored, its cache-control).
 */
type Kept = [bucket: string, stamp: string, integrity: string | null, time: number, cacheControl: string | null];

/** The stamp of a bucket file: its size and modification time; `-` when there is none. */
function stampOf(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : '-';
}

/** A kept entry of the expected shape (anything else in the file is read again from npm's index). */
function isKept(v: unknown): v is Kept {
  return (
    Array.isArray(v) &&
    v.length === 5 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'string' &&
    (v[2] === null || typeof v[2] === 'string') &&
    typeof v[3] === 'number' &&
    (v[4] === null || typeof v[4] === 'string')
  );
}

function entryOf(kept: Kept): CacheEntry | undefined {
  const [, , integrity, time, cacheControl] = kept;
  if (integrity === null) return undefined;
  return { integrity, time, ...(cacheControl !== null ? { metadata: { resHeaders: { 'cache-control': cacheControl } } } : {}) };
}

/**
 * npm's cache index, read through what the workspace's last run read of it. cacache only appends to a bucket
 * file (or rewrites it whole), so while a bucket keeps its size and modification time its entries are the ones
 * read last time: a warm run over 15,000 packages stats their buckets instead of reading, verifying and parsing
 * each (a third of a second at that size). A bucket that changed is read again.
 */
export class IndexStamps {
  private kept: Map<string, Kept> | undefined;
  private changed = false;

  constructor(
    private readonly cacache: string,
    private readonly file: string,
  ) {}

  private load(): Map<string, Kept> {
    if (this.kept) return this.kept;
    this.kept = new Map();
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { format?: unknown; entries?: Record<string, Kept> };
      if (data.format === FORMAT && data.entries && typeof data.entries === 'object') for (const [k, v] of Object.entries(data.entries)) if (isKept(v)) this.kept.set(k, v);
    } catch {
      // none kept yet, or unreadable: every bucket is read
    }
    return this.kept;
  }

  /** The entry npm's cache index holds for a key now. */
  entry(key: string): CacheEntry | undefined {
    const kept = this.load().get(key);
    const bucket = kept?.[0] ?? bucketPath(key);
    const file = join(this.cacache, bucket);
    // stamped before it is read: a bucket appended to in between is read again next time
    const stamp = stampOf(file);
    if (kept && kept[1] === stamp) return entryOf(kept);
    const entry = stamp === '-' ? undefined : readBucketEntry(file, key);
    const fresh: Kept = [bucket, stamp, entry?.integrity ?? null, entry?.time ?? 0, entry?.metadata?.resHeaders?.['cache-control'] ?? null];
    this.kept!.set(key, fresh);
    this.changed = true;
    return entryOf(fresh);
  }

  /** Keeps what this run read for the next one, when it read a bucket anew. */
  async save(): Promise<void> {
    if (!this.changed || !this.kept) return;
    const entries = Object.fromEntries([...this.kept].sort(([a], [b]) => codePointCompare(a, b)));
    await writeFileAtomic(this.file, JSON.stringify({ format: FORMAT, entries }), { durable: false }).catch(() => undefined);
    this.changed = false;
  }
}
