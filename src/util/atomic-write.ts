import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomicImpl from 'write-file-atomic';

/**
 * Writes a file atomically, as npm does (write-file-atomic): a temp file beside it, fsync, then rename, keeping
 * the existing file's mode. A crash never leaves a half-written file.
 */
export async function writeFileAtomic(path: string, content: string, opts: { durable?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // derived caches opt out of fsync: losing one on a crash costs a refetch, and a cold run writes hundreds
  await writeFileAtomicImpl(path, content, { fsync: opts.durable ?? true });
}
