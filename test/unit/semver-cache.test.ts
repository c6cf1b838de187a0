import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { highestVersion, parsedVersion, satisfies } from '../../src/policy/semver-cache.js';

describe('memoised versions', () => {
  it('share their empty parts and their text, and compare, match and order as node-semver does', () => {
    const plain = parsedVersion('1.2.3')!;
    expect(plain).toBe(parsedVersion('1.2.3'));
    expect(plain.prerelease).toBe(parsedVersion('4.5.6')!.prerelease);
    expect(Object.isFrozen(plain.prerelease) && Object.isFrozen(plain.build)).toBe(true);
    expect(plain.version).toBe('1.2.3');
    const pre = parsedVersion('2.0.0-rc.1+build.5')!;
    expect([pre.prerelease, pre.build, pre.version]).toEqual([['rc', 1], ['build', '5'], '2.0.0-rc.1']);
    const texts = ['1.2.3', '2.0.0-rc.1+build.5', '2.0.0', '1.10.0', '0.0.1-alpha', '1.2.3-0'];
    for (const a of texts)
      for (const b of texts) expect(parsedVersion(a)!.compare(parsedVersion(b)!), `${a} vs ${b}`).toBe(semver.compare(a, b));
    for (const range of ['^1.2.0', '>=2.0.0-rc.0', '~1.2.3', '*', '1.2.3 - 2.0.0'])
      for (const v of texts) expect(satisfies(v, range), `${v} in ${range}`).toBe(semver.satisfies(v, range));
    expect(highestVersion(texts, () => true)).toBe('2.0.0');
    // a frozen part refuses a change instead of passing it to every version that shares it
    expect(() => (plain.prerelease as (string | number)[]).push('x')).toThrow(TypeError);
  });
});
