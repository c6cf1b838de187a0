import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseYamlDocument } from '../../src/util/yaml-source.js';

/** The duplicate-key errors of a document: where each is, as the yaml package's own quadratic check finds them. */
function duplicates(errors: readonly { code: string; pos: [number, number] }[]): number[] {
  return errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
}

describe('parseYamlDocument', () => {
  it("finds the duplicate keys the yaml package finds, at the same places, and no others", () => {
    const texts = [
      'lodash: 4.17.21\nchalk: 5.3.0\nlodash: 4.17.20\n',
      'a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\nc: 2\na: 4\na: 5\n',
      // a number and a string are different keys; two spellings of one string are one key
      '1: one\n"1": string one\n\'a\': 1\n"a": 2\n',
      'flow: { a: 1, b: 2, a: 3 }\nlist:\n  - { k: 1 }\n  - { k: 2, k: 3 }\n',
      '"@scope/name": 1.0.0\n\'@scope/name\': 2.0.0\nother: [1.0.0, 2.0.0]\n',
      'no: duplicates\nhere: at all\nnested:\n  no: 1\n  here: 2\n',
    ];
    let found = 0;
    for (const text of texts) {
      const ours = parseYamlDocument(text);
      const theirs = parseDocument(text, { uniqueKeys: true });
      expect(duplicates(ours.errors), text).toEqual(duplicates(theirs.errors));
      expect(ours.toJS(), text).toEqual(theirs.toJS());
      found += duplicates(ours.errors).length;
    }
    expect(found).toBe(8);
  });

  it('puts other errors first, so the first error a caller reports does not change for a broken file', () => {
    const doc = parseYamlDocument('a: 1\na: 2\nb: [unclosed\n');
    expect(doc.errors.map((e) => e.code)).toEqual([...parseDocument('b: [unclosed\n').errors.map((e) => e.code), 'DUPLICATE_KEY']);
  });
});
