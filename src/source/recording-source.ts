import { createHash } from 'node:crypto';
import type { FileSource } from './file-source.js';

/**
 * A FileSource that remembers what it was asked and what it answered, so that a run can name its inputs by
 * content: the digest changes when any file read (config, manifests, catalogs, constraints) or any directory a
 * member glob walked changes, and never because of a file time.
 */
export class RecordingSource implements FileSource {
  private readonly seen = new Map<string, string>();
  constructor(private readonly inner: FileSource) {}

  get label(): string {
    return this.inner.label;
  }

  async readText(rel: string): Promise<string | undefined> {
    const text = await this.inner.readText(rel);
    this.seen.set(`file\0${rel}`, text === undefined ? '\0absent' : text);
    return text;
  }

  async subdirs(rel: string): Promise<string[]> {
    const dirs = await this.inner.subdirs(rel);
    this.seen.set(`dir\0${rel}`, [...dirs].sort().join('\0'));
    return dirs;
  }

  /** What was read, as keys `replayDigest` can read again. */
  reads(): string[] {
    return [...this.seen.keys()].sort();
  }

  /** sha256 over every read, in a fixed order whatever order the reads happened in */
  digest(): string {
    const h = createHash('sha256');
    for (const key of [...this.seen.keys()].sort()) h.update(`${key}\0${this.seen.get(key)!.length}\0${this.seen.get(key)}\0`);
    return h.digest('hex');
  }
}

/**
 * The digest a run that makes exactly these reads (RecordingSource.reads) would record, read again from the
 * source: equal to the earlier digest exactly when every file and listing read then is the same now. Undefined
 * when a read fails; the run itself then reports why.
 */
export async function replayDigest(inner: FileSource, reads: readonly string[]): Promise<string | undefined> {
  const again = new RecordingSource(inner);
  try {
    await Promise.all(
      reads.map((key) => {
        const sep = key.indexOf('\0');
        const [kind, rel] = [key.slice(0, sep), key.slice(sep + 1)];
        if (kind === 'file') return again.readText(rel);
        if (kind === 'dir') return again.subdirs(rel);
        throw new Error(`unknown read ${kind}`);
      }),
    );
  } catch {
    return undefined;
  }
  return again.digest();
}
