import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** Where workspace files are read from: the work tree, or a git ref. Paths are relative to the workspace root. */
export interface FileSource {
  /** a short label for messages, e.g. "work tree" or "v1.0" */
  readonly label: string;
  /** the file's text, or undefined when it does not exist */
  readText(rel: string): Promise<string | undefined>;
  /** names of the subdirectories of a directory (hidden ones and node_modules excluded) */
  subdirs(rel: string): Promise<string[]>;
}

/**
 * The work tree. Its files are read with synchronous calls: a family of 3,000 members is 3,000 small manifests,
 * which a read through fs/promises' thread pool took longer to deliver than to read (the kept report's check of
 * them, and the load after an edit).
 */
export class FsSource implements FileSource {
  readonly label = 'work tree';
  constructor(readonly root: string) {}

  async readText(rel: string): Promise<string | undefined> {
    try {
      return readFileSync(join(this.root, rel), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (err as Error).message);
      throw new InputError(`cannot read ${rel}: ${why}`, { file: rel, line: 1, col: 1 });
    }
  }

  async subdirs(rel: string): Promise<string[]> {
    try {
      const entries = readdirSync(join(this.root, rel), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);
    } catch {
      return [];
    }
  }
}
