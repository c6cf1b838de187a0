import type { Constraints, Pin, PinKey } from './types.js';
import { exactVersionProblem } from './version-text.js';

/**
 * The constraints file in the plain shape constrain itself writes, read line by line: one `name: version` or
 * `name: [v1, v2]` entry a line, names plain or double-quoted, comments and blank lines anywhere. A large family
 * has thousands of pins, and the YAML document parser costs about a millisecond per forty lines; this reads them
 * in a few. Returns undefined for anything else (another YAML shape, an odd character, a duplicate, a bad version),
 * and the caller parses the text as YAML, which gives the same result or the precise error at file:line:col.
 */
export function parsePlainConstraints(file: string, text: string): Constraints | undefined {
  const pins: Pin[] = [];
  const keys: PinKey[] = [];
  const byName = new Map<string, Pin[]>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const m = ENTRY.exec(line);
    if (!m) {
      if (BLANK_OR_COMMENT.test(line)) continue;
      return undefined;
    }
    const [, quoted, plain, values] = m;
    const name = quoted ?? plain!;
    if (plain !== undefined && !plainKeyIsString(plain)) return undefined;
    if (byName.has(name) || name === '') return undefined;
    const lineNo = i + 1;
    keys.push({ name, line: lineNo, col: 1 });
    const valueCol = m.indices![3]![0] + 1;
    const list: Pin[] = [];
    if (values!.startsWith('[')) {
      const inner = values!.slice(1, -1);
      if (inner.trim() === '') return undefined;
      let offset = valueCol + 1;
      for (const part of inner.split(',')) {
        const lead = part.length - part.trimStart().length;
        const version = part.trim();
        if (!VERSION.test(version) || exactVersionProblem(version) || list.some((p) => p.version === version)) return undefined;
        list.push({ name, version, file, line: lineNo, col: offset + lead });
        offset += part.length + 1;
      }
    } else {
      if (exactVersionProblem(values!)) return undefined;
      list.push({ name, version: values!, file, line: lineNo, col: valueCol });
    }
    pins.push(...list);
    byName.set(name, list);
  }
  return { file, exists: true, pins, byName, keys, text };
}

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** name (plain or double-quoted without escapes), a colon, one version or a flow list of versions, an optional comment */
const ENTRY = /^(?:"([^"\\\s]+)"|([a-z0-9][a-z0-9._-]*)): +(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?|\[ *\d[0-9A-Za-z.+ ,-]*\]) *((?: #.*)?)$/di;
const BLANK_OR_COMMENT = /^ *(?:#.*)?$/;

/** A plain key YAML's core schema would read as a boolean, null or number goes to the YAML parser. */
function plainKeyIsString(key: string): boolean {
  return !/^(?:true|false|null|y|yes|n|no|on|off)$/i.test(key) && !/^(?:[0-9]+|0o[0-7]+|0x[0-9a-f]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?)$/i.test(key);
}
