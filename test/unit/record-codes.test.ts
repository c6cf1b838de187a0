import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecordAt, decodeRecordText, encodeRecords, recordText } from '../../src/registry/record-codes.js';
import { slimPackument } from '../../src/registry/slim.js';
import type { VersionInfo } from '../../src/registry/types.js';

/** The recorded packuments of the corpus (fixtures/corpus): 1,203 real documents, slim forms of every version. */
const corpus = JSON.parse(gunzipSync(readFileSync(new URL('../../fixtures/corpus/registry.json.gz', import.meta.url))).toString('utf8')) as Record<string, Record<string, unknown> | null>;

/** A packument's distinct records (versions with the same text share one), as the slim forms keep them. */
function distinct(infos: readonly VersionInfo[]): VersionInfo[] {
  return [...new Map(infos.map((info) => [recordText(info), info])).values()];
}

describe('encoded records', () => {
  it('decode to what their texts decode to, and give back the same texts, for every version in the corpus', () => {
    let records = 0;
    let textBytes = 0;
    let encodedBytes = 0;
    for (const [name, doc] of Object.entries(corpus)) {
      if (doc === null) continue;
      const infos = distinct(Object.values(slimPackument(name, doc).versions));
      // as the slim form on disk keeps them, and reads them back
      const encoded = JSON.parse(JSON.stringify(encodeRecords(infos))) as ReturnType<typeof encodeRecords>;
      infos.forEach((info, i) => {
        const text = recordText(info);
        const decoded = decodeRecordAt(encoded, i);
        expect(decoded).toEqual(decodeRecordText(text));
        // the same fields in the same order: the pack names a record by its text
        expect(recordText(decoded)).toBe(text);
        textBytes += text.length;
      });
      records += infos.length;
      encodedBytes += encoded.strings.reduce((n, t) => n + t.length, 0) + 4 * (encoded.codes.length + encoded.starts.length);
    }
    expect(records).toBeGreaterThan(10_000);
    // the point of encoding: a fraction of the texts' size
    expect(encodedBytes).toBeLessThan(textBytes / 2);
  });

  it('keep every field, a name like "__proto__" included, as JSON.parse would', () => {
    const info: VersionInfo = {
      dependencies: { a: '^1' },
      optionalDependencies: { fsevents: '~2.3.2' },
      peerDependencies: { react: '>=18', 'react-dom': '>=18' },
      peerOptional: ['react-dom'],
      bundled: { a: '^1' },
      deprecated: 'use b',
      enginesNode: '>=18',
    };
    const text = '{"dependencies":{"__proto__":"1.0.0","a":"^1"}}';
    const encoded = encodeRecords([decodeRecordText(text), info]);
    const [fromText, full] = [decodeRecordAt(encoded, 0), decodeRecordAt(encoded, 1)];
    expect(Object.keys(fromText.dependencies)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(fromText.dependencies)).toBe(Object.prototype);
    expect(recordText(fromText)).toBe(text);
    expect(full).toEqual(info);
    expect(recordText(full)).toBe(recordText(info));
  });
});
