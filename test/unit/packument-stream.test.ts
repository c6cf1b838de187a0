import { describe, expect, it } from 'vitest';
import { InvalidPackument, PackumentStream } from '../../src/registry/packument-stream.js';
import { slimPackument } from '../../src/registry/slim.js';
import type { Packument } from '../../src/registry/types.js';

/** The document streamed in the given pieces (byte offsets where a chunk ends). */
function streamed(text: string, cuts: number[] = []): Packument {
  const bytes = Buffer.from(text, 'utf8');
  const reader = new PackumentStream('x', 'http://registry/x');
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    reader.write(bytes.subarray(from, cut));
    from = cut;
  }
  return reader.end();
}

const whole = (text: string) => slimPackument('x', JSON.parse(text) as Record<string, unknown>);

/** A small pseudo-random generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const ODD_TEXT = ['plain', 'quote " inside', 'back\\slash', 'brace { and } bracket [ ]', 'colon: comma,', 'é ü 中文', '😀 pair', '\u2028', 'tab\tnew\nline', '\\"', ''];

function anyValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 2 ? 5 : 7));
  if (k === 0) return ODD_TEXT[Math.floor(r() * ODD_TEXT.length)];
  if (k === 1) return Math.floor(r() * 1e6) / 100;
  if (k === 2) return r() < 0.5;
  if (k === 3) return null;
  if (k === 4) return -Math.floor(r() * 10);
  if (k === 5) return Array.from({ length: Math.floor(r() * 4) }, () => anyValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`${ODD_TEXT[Math.floor(r() * ODD_TEXT.length)]}${i}`, anyValue(r, depth + 1)]));
}

function anyDocument(seed: number): string {
  const r = random(seed);
  const versions: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const v = `1.${i}.${Math.floor(r() * 3)}`;
    versions[v] =
      r() < 0.1
        ? anyValue(r, 3)
        : {
            name: 'x',
            version: v,
            description: ODD_TEXT[Math.floor(r() * ODD_TEXT.length)],
            dependencies: r() < 0.7 ? { a: '^1.0.0', 'b-é': `~${i}.0.0`, odd: 5 } : undefined,
            optionalDependencies: r() < 0.3 ? { a: '^1.0.0' } : undefined,
            peerDependencies: r() < 0.4 ? { react: '>=17 || 😀' } : undefined,
            peerDependenciesMeta: r() < 0.3 ? { react: { optional: r() < 0.5 } } : undefined,
            bundleDependencies: r() < 0.1 ? ['a'] : r() < 0.05 ? true : undefined,
            engines: r() < 0.5 ? { node: '>=18' } : anyValue(r, 3),
            deprecated: r() < 0.2 ? ODD_TEXT[Math.floor(r() * ODD_TEXT.length)] : undefined,
            repository: r() < 0.5 ? { type: 'git', url: `git+https://github.com/o/r${i}.git` } : undefined,
            extra: anyValue(r, 1),
          };
  }
  const latest = Object.keys(versions).at(-1);
  const members: [string, unknown][] = [
    ['_id', 'x'],
    ['name', 'x'],
    ['readme', ODD_TEXT.join(' } { ] [ ')],
    ['dist-tags', latest && r() < 0.9 ? { latest, next: '9.9.9' } : {}],
    ['versions', versions],
    ['time', { created: '2020-01-01', modified: '2021-01-01', ...Object.fromEntries(Object.keys(versions).map((v) => [v, '2020-02-02T00:00:00.000Z'])) }],
    ['users', anyValue(r, 0)],
    ['repository', r() < 0.5 ? 'github:o/top' : anyValue(r, 2)],
    ['count', 42],
    ['flag', true],
  ];
  // the registry's order is not promised: dist-tags may come after versions
  for (let i = members.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [members[i], members[j]] = [members[j]!, members[i]!];
  }
  return JSON.stringify(Object.fromEntries(members), null, r() < 0.3 ? 2 : undefined);
}

describe('a packument read as it streams', () => {
  it('gives the slim form of the whole document, wherever the chunks end (every cut of a small document)', () => {
    const text = anyDocument(7);
    const bytes = Buffer.byteLength(text);
    const expected = whole(text);
    expect(Object.keys(expected.versions).length).toBeGreaterThan(0);
    for (let cut = 1; cut < bytes; cut++) expect(streamed(text, [cut])).toEqual(expected);
  });

  it('gives the slim form of the whole document for many random documents, in random chunks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = anyDocument(seed);
      const r = random(seed * 31);
      const bytes = Buffer.byteLength(text);
      const cuts: number[] = [];
      for (let at = Math.floor(r() * 40); at < bytes; at += 1 + Math.floor(r() * 60)) cuts.push(at);
      const got = streamed(text, cuts);
      expect(got, `seed ${seed}`).toEqual(whole(text));
      // the same bytes in the same order: Object.entries' order is part of the answer (it is stored)
      expect(JSON.stringify(got), `seed ${seed}`).toBe(JSON.stringify(whole(text)));
    }
  });

  it('reads escapes in keys, a repeated member as JSON.parse does (the last wins), and versions that are not objects', () => {
    const text =
      '{"ver\\u0073ions":{"1.0.0":{"dependencies":{"a":"1"}}},"versions":{"2.0.0":{"dependencies":{"b":"2"},"repository":"o/r"},"3.0.0":null,"2.0.1":{},"2.0.1":7},' +
      '"dist-tags":{"latest":"2.0.0"},"time":{"2.0.0":"t"}}';
    expect(streamed(text)).toEqual(whole(text));
    expect(Object.keys(streamed(text).versions)).toEqual(['2.0.0']);
    expect(streamed(text).repository).toBe('https://github.com/o/r');
  });

  it('splits no character: multi-byte text cut inside its bytes reads back whole', () => {
    const text = JSON.stringify({ versions: { '1.0.0': { deprecated: 'é😀中' } }, 'dist-tags': { latest: '1.0.0' } });
    const start = Buffer.from(text).indexOf(Buffer.from('é'));
    for (let cut = start; cut < start + 10; cut++) expect(streamed(text, [cut]).versions['1.0.0']?.deprecated).toBe('é😀中');
  });

  it('refuses what is not a whole JSON object, as res.json() refuses it (and says where the document came from)', () => {
    const bad = ['', '   ', '{"versions":{"1.0.0":{}}', '{"a":1}}', '{"a":1} x', '{"a" 1}', '{"a":1,}', '{"versions":{"1.0.0":{]}}', '{"time":{"1":"t}', '{"dist-tags":{"latest":tru}}', '{,}', '[1]', '"text"'];
    for (const text of bad) {
      expect(() => streamed(text), text).toThrow(InvalidPackument);
      expect(() => streamed(text), text).toThrow(/invalid json response body at http:\/\/registry\/x reason: /);
    }
    // each of those (but a document that is an array or a string, which no registry serves) fails JSON.parse too
    for (const text of bad.slice(0, -2)) expect(() => JSON.parse(text), text).toThrow();
  });
});
