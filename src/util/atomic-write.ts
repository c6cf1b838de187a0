import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomicImpl from 'write-file-atomic';

/**
 * Writes a file atomically, as npm does (write-file-atomic): a temp file beside it, fsync, then rename, keeping
 * the existing file's mode. A crash never leaves a half-written file.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicImpl(path, content, { fsync: true });
}
