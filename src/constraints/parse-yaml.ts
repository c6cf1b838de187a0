import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { InputError } from '../errors.js';
import { nodePosition, parseYaml } from '../util/yaml-source.js';
import { parsePlainConstraints } from './parse-plain.js';
import type { Constraints, Pin, PinKey } from './types.js';
import { exactVersionProblem } from './version-text.js';

export function parseConstraints(file: string, text: string): Constraints {
  return parsePlainConstraints(file, text) ?? parseConstraintsYaml(file, text);
}

/** Any YAML shape, through the document parser: positions, and the precise error for what is not a pin. */
export function parseConstraintsYaml(file: string, text: string): Constraints {
  const src = parseYaml(file, text);
  const pins: Pin[] = [];
  const keys: PinKey[] = [];
  const byName = new Map<string, Pin[]>();
  const contents = src.doc.contents;
  if (contents !== null && !(isScalar(contents) && contents.value === null)) {
    if (!isMap(contents)) throw new InputError('the constraints file must be a mapping of package names to versions', nodePosition(src, contents));
    for (const pair of contents.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') throw new InputError('a package name must be a plain string key', nodePosition(src, pair.key));
      const name = pair.key.value;
      const keyPos = nodePosition(src, pair.key);
      keys.push({ name, line: keyPos.line, col: keyPos.col });
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      if (items.length === 0) throw new InputError(`${name} has an empty list of pins`, nodePosition(src, pair.value));
      const list: Pin[] = [];
      for (const item of items) {
        const pos = nodePosition(src, item ?? pair.key);
        if (!isScalar(item) || item.value === null || typeof item.value === 'object')
          throw new InputError(`${name}: a pin must be an exact version`, pos);
        const version = scalarText(item);
        const problem = exactVersionProblem(version);
        if (problem) throw new InputError(`${name}: ${problem}`, pos);
        if (list.some((p) => p.version === version)) throw new InputError(`${name}: ${version} is pinned twice`, pos);
        list.push({ name, version, file, line: pos.line, col: pos.col });
      }
      pins.push(...list);
      byName.set(name, list);
    }
  }
  return { file, exists: true, pins, byName, keys, text };
}

function scalarText(s: Scalar): string {
  // Keep the source text: YAML would read 1.10 as the number 1.1.
  const source = (s as Scalar & { source?: string }).source;
  return typeof s.value === 'string' ? s.value : (source ?? String(s.value));
}
