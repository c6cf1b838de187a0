import { readdir, readFile } from 'node:fs/promises';
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

export class FsSource implements FileSource {
  readonly label = 'work tree';
  constructor(readonly root: string) {}

  async readText(rel: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.root, rel), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (err as Error).message);
      throw new InputError(`cannot read ${rel}: ${why}`, { file: rel, line: 1, col: 1 });
    }
  }

  async subdirs(rel: string): Promise<string[]> {
    try {
      const entries = await readdir(join(this.root, rel), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);
    } catch {
      return [];
    }
  }
}
