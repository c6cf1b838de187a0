import type { FileSource } from '../source/file-source.js';
import { parsePlainConstraints } from './parse-plain.js';
import type { Constraints } from './types.js';

/** Reads the constraints file (path relative to the workspace root); a missing file is an empty pin set. */
export async function loadConstraints(source: FileSource, rel: string): Promise<Constraints> {
  const text = await source.readText(rel);
  if (text === undefined) return { file: rel, exists: false, pins: [], byName: new Map(), keys: [], text: '' };
  // the YAML parser loads only for a file beyond the plain shape constrain writes
  const parsed = parsePlainConstraints(rel, text) ?? (await import('./parse-yaml.js')).parseConstraintsYaml(rel, text);
  return { ...parsed, exists: true };
}
