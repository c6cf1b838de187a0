import type { VersionInfo } from './types.js';

/**
 * Version records as string ids instead of JSON texts, each package with a table of the strings its records use.
 * A resolver over 10,000 packages holds the records of every version of every package it looks at: as texts they
 * were 290,000 strings of 94 MB, most of their bytes names and ranges that repeat across a package's versions.
 * Here each string is kept once, and a record costs four bytes a string.
 */
export interface EncodedRecords {
  /** the strings the records use, each once */
  strings: readonly string[];
  /** record i is `codes[starts[i]]` up to `codes[starts[i + 1]]`: a mask of its fields, then each field's ids */
  codes: ArrayLike<number>;
  starts: ArrayLike<number>;
}

// the fields of a record in the order recordText writes them, each a bit of the record's first code
const MAPS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const PEER_OPTIONAL = 1 << 3;
const BUNDLED = 1 << 4;
const DEPRECATED = 1 << 5;
const ENGINES = 1 << 6;

/** The fields a record has: its maps and lists that are not empty, and its strings. */
function compactRecord(info: VersionInfo): Partial<VersionInfo> {
  const compact: Partial<VersionInfo> = {};
  if (Object.keys(info.dependencies).length) compact.dependencies = info.dependencies;
  if (Object.keys(info.optionalDependencies).length) compact.optionalDependencies = info.optionalDependencies;
  if (Object.keys(info.peerDependencies).length) compact.peerDependencies = info.peerDependencies;
  if (info.peerOptional.length) compact.peerOptional = info.peerOptional;
  if (info.bundled) compact.bundled = info.bundled;
  if (info.deprecated !== undefined) compact.deprecated = info.deprecated;
  if (info.enginesNode !== undefined) compact.enginesNode = info.enginesNode;
  return compact;
}

/**
 * The JSON text of a record: the fields it has, in one order, so that the same record always has the same text
 * (a slim form's versions share a record by it, and the pack names records by it).
 */
export function recordText(info: VersionInfo): string {
  return JSON.stringify(compactRecord(info));
}

/** Encodes records: the fields recordText writes of each, in its order. */
export function encodeRecords(records: readonly VersionInfo[]): { strings: string[]; codes: number[]; starts: number[] } {
  const ids = new Map<string, number>();
  const strings: string[] = [];
  const id = (str: string): number => {
    let i = ids.get(str);
    if (i === undefined) {
      i = strings.length;
      strings.push(str);
      ids.set(str, i);
    }
    return i;
  };
  const codes: number[] = [];
  const starts: number[] = [];
  const pairs = (m: Record<string, string>) => {
    const keys = Object.keys(m);
    codes.push(keys.length);
    for (const k of keys) codes.push(id(k), id(m[k]!));
  };
  for (const record of records) {
    const r = compactRecord(record);
    starts.push(codes.length);
    const at = codes.length;
    let mask = 0;
    codes.push(0);
    for (let bit = 0; bit < MAPS.length; bit++) {
      const m = r[MAPS[bit]!];
      if (m === undefined) continue;
      mask |= 1 << bit;
      pairs(m);
    }
    if (r.peerOptional !== undefined) {
      mask |= PEER_OPTIONAL;
      codes.push(r.peerOptional.length);
      for (const n of r.peerOptional) codes.push(id(n));
    }
    if (r.bundled !== undefined) {
      mask |= BUNDLED;
      pairs(r.bundled);
    }
    if (r.deprecated !== undefined) {
      mask |= DEPRECATED;
      codes.push(id(r.deprecated));
    }
    if (r.enginesNode !== undefined) {
      mask |= ENGINES;
      codes.push(id(r.enginesNode));
    }
    codes[at] = mask;
  }
  starts.push(codes.length);
  return { strings, codes, starts };
}

// what a record leaves out, shared by every record that does: most versions declare no peers or optional dependencies
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

/** Record `i` of encoded records, decoded. */
export function decodeRecordAt(records: EncodedRecords, i: number): VersionInfo {
  const { codes, strings } = records;
  let at = records.starts[i]!;
  const mask = codes[at++]!;
  const pairs = (): Record<string, string> => {
    const n = codes[at++]!;
    const m: Record<string, string> = {};
    for (let k = 0; k < n; k++, at += 2) {
      const key = strings[codes[at]!]!;
      const value = strings[codes[at + 1]!]!;
      // "__proto__" is a key like any other, as JSON.parse makes it, not the object's prototype
      if (key === '__proto__') Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
      else m[key] = value;
    }
    return m;
  };
  const dependencies = mask & 1 ? pairs() : NONE;
  const optionalDependencies = mask & 2 ? pairs() : NONE;
  const peerDependencies = mask & 4 ? pairs() : NONE;
  let peerOptional = NO_NAMES;
  if (mask & PEER_OPTIONAL) {
    const n = codes[at++]!;
    peerOptional = [];
    for (let k = 0; k < n; k++) peerOptional.push(strings[codes[at++]!]!);
  }
  const info: VersionInfo = { dependencies, optionalDependencies, peerDependencies, peerOptional };
  if (mask & BUNDLED) info.bundled = pairs();
  if (mask & DEPRECATED) info.deprecated = strings[codes[at++]!]!;
  if (mask & ENGINES) info.enginesNode = strings[codes[at++]!]!;
  return info;
}

/** The slim record of a version, from its JSON text. */
export function decodeRecordText(text: string): VersionInfo {
  const r = JSON.parse(text) as Partial<VersionInfo>;
  return {
    dependencies: r.dependencies ?? NONE,
    optionalDependencies: r.optionalDependencies ?? NONE,
    peerDependencies: r.peerDependencies ?? NONE,
    peerOptional: r.peerOptional ?? NO_NAMES,
    ...(r.bundled !== undefined ? { bundled: r.bundled } : {}),
    ...(r.deprecated !== undefined ? { deprecated: r.deprecated } : {}),
    ...(r.enginesNode !== undefined ? { enginesNode: r.enginesNode } : {}),
  };
}
