import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { SLIM_FORMAT } from './slim.js';
import type { Packument } from './types.js';

/**
 * Slim packuments keyed by the content integrity of the full packument in npm's cache,
 * so a warm run reads a few kilobytes instead of re-parsing megabytes. Never keyed by file times.
 */
export class SlimCache {
  constructor(private readonly dir: string) {}

  private path(integrity: string): string {
    const h = createHash('sha256').update(`${SLIM_FORMAT}\0${integrity}`).digest('hex');
    return join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  async get(integrity: string): Promise<Packument | undefined> {
    try {
      return JSON.parse(await readFile(this.path(integrity), 'utf8')) as Packument;
    } catch {
      return undefined;
    }
  }

  async set(integrity: string, p: Packument): Promise<void> {
    await writeFileAtomic(this.path(integrity), JSON.stringify(p)).catch(() => undefined);
  }
}
