import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import writeFileAtomicImpl from 'write-file-atomic';

/** Directories this thread has made or found for its cache files. */
const madeDirs = new Set<string>();
let tempCount = 0;

/**
 * Writes a file atomically: a temp file beside it, then rename; a crash never leaves a half-written file. A durable
 * write (the default: the files users own) goes as npm's do (write-file-atomic: fsync, the existing file's mode
 * kept). Constrain's derived caches opt out: losing one on a crash costs a refetch, and a cold run writes
 * thousands, for which write-file-atomic's real-path lookup and a directory check each cost seconds of a fetch
 * worker's time; their temp names are unique per process and thread, and their directory is made once.
 */
export async function writeFileAtomic(path: string, content: string, opts: { durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  if (opts.durable ?? true) {
    await mkdir(dir, { recursive: true });
    await writeFileAtomicImpl(path, content, { fsync: true });
    return;
  }
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const temp = `${path}.${process.pid}.${threadId}.${tempCount++}.tmp`;
  try {
    await writeFile(temp, content).catch(async (err: NodeJS.ErrnoException) => {
      // the directory was removed since this thread made it (a cleared cache): made again
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
