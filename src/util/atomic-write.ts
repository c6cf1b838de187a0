import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import writeFileAtomicImpl from 'write-file-atomic';

let tempCount = 0;

/**
 * Writes a file atomically: a temp file beside it, then rename; a crash never leaves a half-written file. A durable
 * write (the default: the files users own) goes as npm's do (write-file-atomic: fsync, the existing file's mode
 * kept). Constrain's derived caches opt out: losing one on a crash costs a refetch, and a cold run writes
 * thousands, for which write-file-atomic's real-path lookup and a directory check each cost seconds of a fetch
 * worker's time; their temp names are unique per process and thread, and their directory is made only when the
 * write finds it missing.
 */
export async function writeFileAtomic(path: string, content: string, opts: { durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  if (opts.durable ?? true) {
    await mkdir(dir, { recursive: true });
    await writeFileAtomicImpl(path, content, { fsync: true });
    return;
  }
  const temp = `${path}.${process.pid}.${threadId}.${tempCount++}.tmp`;
  try {
    await writeFile(temp, content).catch(async (err: NodeJS.ErrnoException) => {
      // the first file of its directory (or one written after the cache was cleared)
      if (err.code !== 'ENOENT') throw err;
      await mkdir(dir, { recursive: true });
      await writeFile(temp, content);
    });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
