import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import writeFileAtomicImpl from 'write-file-atomic';

let tempCount = 0;

/**
 * Writes a file atomically: a temp file beside it, then rename; a crash never leaves a half-written file. A durable
 * write (the default: the files users own) goes as npm's do (write-file-atomic: fsync, the existing file's mode
 * kept). Constrain's derived caches opt out: losing one on a crash costs a refetch, and a cold run writes
 * thousands, for which write-file-atomic's real-path lookup and a directory check each cost seconds of a fetch
 * worker's time. Their temp names are unique per process and thread, their directory is made only when the write
 * finds it missing, and they are written with synchronous calls: a small file into the page cache takes less time
 * than the thread-pool round trips of an asynchronous write, whose open, write, close and rename cost 2 to 6 times
 * the CPU for 5,000 files of 16 kB.
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
    try {
      writeFileSync(temp, content);
    } catch (err) {
      // the first file of its directory (or one written after the cache was cleared)
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dir, { recursive: true });
      writeFileSync(temp, content);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
