import { describe, expect, it } from 'vitest';
import { isMap, isSeq } from 'yaml';
import { nodePosition, parseYaml } from '../../src/util/yaml-source.js';
import { parsePlainPnpmWorkspace } from '../../src/workspace/pnpm-plain.js';

/** What the YAML path reads of the file: the packages list and where it starts. */
function viaYaml(text: string) {
  const src = parseYaml('pnpm-workspace.yaml', text);
  const contents = src.doc.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => String((p.key as { value?: unknown }).value) === 'packages');
  if (!pair || !isSeq(pair.value)) return undefined;
  const { line, col } = nodePosition(src, pair.value);
  return { packages: pair.value.items.map((i) => String((i as { value?: unknown }).value)), line, col };
}

describe('pnpm-workspace.yaml, plain list', () => {
  it('reads what the YAML parser reads, where the file is only a list of globs', () => {
    const plain = [
      'packages:\n  - packages/*\n  - apps/**\n',
      '# the family\npackages:\n\n  - "packages/*"   \n  # tools too\n  - \'!tools/legacy\'\n',
      'packages:\r\n- a/b\r\n- c.d/*\r\n',
      'packages: # globs\n    - packages/p00\n    - packages/p01\n',
    ];
    for (const text of plain) {
      const got = parsePlainPnpmWorkspace(text);
      expect(got, text).toBeDefined();
      expect(got, text).toEqual(viaYaml(text));
    }
  });

  it('leaves every other shape to the YAML parser', () => {
    for (const text of [
      'packages:\n  - packages/*\ncatalog:\n  react: ^18.0.0\n',
      'packages:\n  - packages/* # with a comment\n',
      'packages:\n  - !tag\n',
      'packages:\n  - *alias\n',
      'packages:\n  - 123\n',
      'packages:\n  - true\n',
      'packages:\n  - "esc\\"aped"\n',
      'packages:\n  - a\n    - b\n',
      'packages:\n',
      '---\npackages:\n  - a\n',
      'packages: [a, b]\n',
    ])
      expect(parsePlainPnpmWorkspace(text), text).toBeUndefined();
  });
});
