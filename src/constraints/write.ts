import { type Document, isMap, isScalar, isSeq, type Pair, type Scalar, YAMLMap, type YAMLSeq } from 'yaml';
import { codePointCompare } from '../util/compare.js';
import { parseYamlDocument } from '../util/yaml-source.js';
import type { PinSet } from './types.js';

/**
 * The constraints file's text with `pins` as its content: keys sorted in code-point order, comments kept with
 * the entries they belong to, names no longer pinned dropped. `text` is the current file ('' when new).
 */
export function renderConstraints(text: string, pins: PinSet, header = '# Exact pins for every package that can be installed. Written by constrain.\n'): string {
  const doc = parseYamlDocument(text || header) as unknown as Document;
  let m: YAMLMap;
  if (isMap(doc.contents)) m = doc.contents;
  else {
    m = new YAMLMap();
    doc.contents = m;
  }
  const existing = new Map<string, Pair>();
  for (const item of m.items as Pair[]) if (isScalar(item.key)) existing.set(String((item.key as Scalar).value), item);
  const items: Pair[] = [];
  for (const [name, versions] of pins) {
    const value = versions.length === 1 ? doc.createNode(versions[0]) : flowSeq(doc.createNode(versions) as YAMLSeq);
    const pair = existing.get(name);
    if (pair) {
      const old = pair.value;
      const comment = old && (isScalar(old) || isSeq(old)) ? old.comment : undefined;
      if (comment) (value as Scalar).comment = comment;
      pair.value = value;
      items.push(pair);
    } else {
      items.push(doc.createPair(name, value) as Pair);
    }
  }
  // a comment above the first entry belongs to the file, not to that entry: keep it at the top
  const firstBefore = (m.items[0] as Pair | undefined)?.key;
  const topComment = firstBefore && isScalar(firstBefore) ? firstBefore.commentBefore : undefined;
  if (topComment && isScalar(firstBefore)) firstBefore.commentBefore = undefined;
  items.sort((a, b) => codePointCompare(String((a.key as Scalar).value), String((b.key as Scalar).value)));
  m.items = items;
  const first = items[0]?.key;
  if (topComment && first && isScalar(first)) first.commentBefore = first.commentBefore ? `${topComment}\n${first.commentBefore}` : topComment;
  if (topComment && !first) doc.commentBefore = topComment;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function flowSeq(seq: YAMLSeq): YAMLSeq {
  seq.flow = true;
  return seq;
}
