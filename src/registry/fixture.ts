import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { LineIndex } from '../util/text-position.js';
import { slimPackument } from './slim.js';
import type { Packument, Registry } from './types.js';

/**
 * The fixture registry (docs/reference.md, "Common flags"): a directory of packument JSON files (NAME.json, @scope/name.json)
 * or one JSON file { "NAME": packument, ... }.
 */
export class FixtureRegistry implements Registry {
  readonly description: string;
  private single: Promise<Record<string, Record<string, unknown>> | undefined> | undefined;
  constructor(private readonly path: string) {
    this.description = `file:${path}`;
  }

  async packument(name: string): Promise<Packument | null> {
    const all = await this.loadSingle();
    if (all) {
      const doc = all[name];
      return doc ? slimPackument(name, doc) : null;
    }
    const file = join(this.path, `${name}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    return slimPackument(name, parseJson(file, text));
  }

  private loadSingle(): Promise<Record<string, Record<string, unknown>> | undefined> {
    this.single ??= (async () => {
      let isFile: boolean;
      try {
        isFile = (await stat(this.path)).isFile();
      } catch {
        throw new InputError(`fixture registry ${this.path} does not exist`);
      }
      if (!isFile) return undefined;
      return parseJson(this.path, await readFile(this.path, 'utf8')) as Record<string, Record<string, unknown>>;
    })();
    return this.single;
  }
}

function parseJson(file: string, text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InputError('a packument must be a JSON object', { file, line: 1, col: 1 });
    return v as Record<string, unknown>;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const m = /position (\d+)/.exec((err as Error).message);
    const pos = new LineIndex(text).position(m ? Number(m[1]) : 0);
    throw new InputError(`malformed JSON: ${(err as Error).message}`, { file, ...pos });
  }
}

/** An in-memory registry for tests and the library API. */
export class MemoryRegistry implements Registry {
  readonly description = 'memory';
  constructor(private readonly docs: Record<string, Record<string, unknown>>) {}
  async packument(name: string): Promise<Packument | null> {
    const doc = this.docs[name];
    return doc ? slimPackument(name, doc) : null;
  }
}
