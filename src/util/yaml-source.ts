import { type Document, isNode, LineCounter, type Node, parseDocument } from 'yaml';
import { InputError, type SourcePosition } from '../errors.js';

/** A YAML document parsed with positions; parse errors (including duplicate keys) become InputError at file:line:col. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYaml(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(first.pos[0]))?.[1] ?? '';
    const what = first.code === 'DUPLICATE_KEY' ? `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`}` : first.message.split('\n')[0];
    throw new InputError(`malformed YAML: ${what}`, { file, line: pos.line, col: pos.col });
  }
  return { file, text, doc, lines };
}

export function nodePosition(src: YamlSource, node: unknown): SourcePosition {
  const offset = isNode(node) && (node as Node).range ? (node as Node).range![0] : 0;
  const p = src.lines.linePos(offset);
  return { file: src.file, line: p.line, col: p.col };
}
