import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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
      writeInSlices(temp, content);
    } catch (err) {
      // the first file of its directory (or one written after the cache was cleared)
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dir, { recursive: true });
      writeInSlices(temp, content);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Characters a write encodes at once: their UTF-8 (at most three bytes each) stays under 128 kB. */
const SLICE = 32 * 1024;

/**
 * Writes text a slice at a time. Written whole, a string is encoded into one buffer of three bytes per character
 * (7.5 MB for a 2.5 MB slim form), which malloc maps on its own and unmaps after; glibc then raises its threshold
 * for mapping to that size for the rest of the run, and every thread's smaller buffers are carved from its arena,
 * which keeps the pages (tens of megabytes a fetch worker, after the worker has ended).
 */
function writeInSlices(file: string, text: string): void {
  const fd = openSync(file, 'w');
  try {
    for (let at = 0; at < text.length; ) {
      let end = Math.min(at + SLICE, text.length);
      // a surrogate pair is never split: each half alone would be written as U+FFFD
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      writeSync(fd, text.slice(at, end));
      at = end;
    }
  } finally {
    closeSync(fd);
  }
}
