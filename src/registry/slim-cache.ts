import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { codePointCompare } from '../util/compare.js';
import { getOrMake } from '../util/memo-map.js';
import { type NarrowArray, narrowArray } from '../util/narrow-array.js';
import { textOrder, textPosition } from '../util/text-order.js';
import { decodeRecordAt, decodeRecordText, type EncodedRecords, encodeRecords, recordText } from './record-codes.js';
import { SLIM_FORMAT, slimPackument } from './slim.js';
import { type Packument, type VersionInfo, withPeek } from './types.js';

/**
 * On disk, versions with identical metadata share one record: thousands of versions, a few dozen records. Records
 * are kept encoded (record-codes.ts: string ids into the packument's own table of strings, decoded only when
 * something reads them), and publish times as a JSON text: a warm check reads the record of a pin or two per
 * package, and only propose, forecast and --before read times.
 */
export interface StoredPackument extends EncodedRecords {
  name: string;
  distTags: Record<string, string>;
  time: string;
  strings: string[];
  codes: number[];
  starts: number[];
  /**
   * The published versions in the document's order, and each one's record (record `recordOf[i]`). Arrays, not
   * an object keyed by version: parsing an object gives V8 a new hidden class for each key it adds, 45 MB of them
   * across a 10,000-package closure, where arrays cost their elements.
   */
  versions: string[];
  recordOf: number[];
  /** the positions in `versions` in the code-point order of their texts: a version is found by binary search */
  byText: number[];
  repository?: string;
}

function toStored(p: Packument): StoredPackument {
  // versions with the same record text share one record
  const records: VersionInfo[] = [];
  const index = new Map<string, number>();
  const versions: string[] = [];
  const recordOf: number[] = [];
  for (const [v, info] of Object.entries(p.versions)) {
    const key = recordText(info);
    let i = index.get(key);
    if (i === undefined) {
      i = records.length;
      records.push(info);
      index.set(key, i);
    }
    versions.push(v);
    recordOf.push(i);
  }
  const byText = Array.from(textOrder(versions));
  return { name: p.name, distTags: p.distTags, time: JSON.stringify(p.time), ...encodeRecords(records), versions, recordOf, byText, ...(p.repository ? { repository: p.repository } : {}) };
}

/** What a run holds of a whole slim form: all of it but its publish times (a generate over 10,000 packages holds thousands). */
interface Held extends EncodedRecords {
  versions: string[];
  recordOf: NarrowArray;
  byText: NarrowArray;
}

/** A whole slim form as a run holds it: its numbers in the narrowest typed arrays that hold them. */
function held(whole: StoredPackument): Held {
  const { versions, strings } = whole;
  return { versions, strings, recordOf: narrowArray(whole.recordOf), byText: narrowArray(whole.byText), codes: narrowArray(whole.codes), starts: narrowArray(whole.starts) };
}

/** What a workspace's pack keeps of one packument: what its last run read of it. */
interface PackEntry {
  name: string;
  distTags: Record<string, string>;
  /** version → the JSON text of its record, for the versions the last run read (null: not published) */
  read: Record<string, string | null>;
  repository?: string;
}

interface Pack {
  format: number;
  /** integrity of the full packument in npm's cache → what the last run read of it */
  entries: Record<string, PackEntry>;
}

/**
 * The packages the registry answered 404 for → when (ms since the epoch). A file of its own beside the pack: a warm
 * run whose check is unchanged asks it about every package npm's cache has no document for, and must not parse the
 * pack (a generate over 10,000 packages leaves one of 100 MB) to answer.
 */
interface Missing {
  format: number;
  missing: Record<string, number>;
}

/**
 * Records decoded by peeks, shared until there are too many (then all are forgotten): the solver's widening peeks the same
 * neighbours once for each dependency of a version (a version with 30 dependencies reads its neighbours 30 times),
 * and a warm generate over 10,000 packages spent a sixth of its time decoding them again.
 */
const peeked = new Map<string | number, VersionInfo>();
const PEEKED_BOUND = 4096;

function decodePeeked(key: string | number, decode: () => VersionInfo): VersionInfo {
  let info = peeked.get(key);
  if (info === undefined) {
    if (peeked.size >= PEEKED_BOUND) peeked.clear();
    info = decode();
    peeked.set(key, info);
  }
  return info;
}

/** Numbers the served packuments, so that a peeked record of a whole form has a key of its own (serial and index). */
let nextSerial = 0;
const RECORDS_PER_SERIAL = 2 ** 22;

/**
 * Where a version's record is: its JSON text (from the pack), its index among the whole form's records, or null
 * when the version is not published.
 */
type RecordRef = string | number | null;

/**
 * One packument as this run serves it: from the pack (what the last run read of it), with the whole slim form
 * loaded only when something reads beyond that (another version, the list of versions, the publish times).
 * It remembers what this run read, for the next pack.
 */
class Served {
  readonly reads = new Map<string, RecordRef>();
  private readonly infos = new Map<string, VersionInfo | undefined>();
  private readonly byRecord = new Map<string | number, VersionInfo>();
  private readonly serial = nextSerial++;

  constructor(
    readonly integrity: string,
    readonly name: string,
    readonly distTags: Record<string, string>,
    readonly repository: string | undefined,
    private readonly packed: PackEntry['read'] | undefined,
    whole: StoredPackument | undefined,
    private readonly loadWhole: () => StoredPackument,
  ) {
    this.whole = whole && held(whole);
  }

  private whole: Held | undefined;

  /**
   * Whether this run listed the versions or the publish times: a resolver or a report that compares versions,
   * which reads dozens of records a package. Its reads are not what a warm check needs, and are left out of the pack.
   */
  listed = false;

  full(): Held {
    this.whole ??= held(this.loadWhole());
    return this.whole;
  }

  /** The publish times, read again from the whole form when asked (propose, forecast, --before): rarely. */
  times(): Record<string, string> {
    return JSON.parse(this.loadWhole().time) as Record<string, string>;
  }

  /** Whether the version is published, without decoding its record. */
  publishes(version: string): boolean {
    if (this.infos.has(version)) return this.infos.get(version) !== undefined;
    return this.recordOf(version) !== null;
  }

  info(version: string): VersionInfo | undefined {
    if (this.infos.has(version)) return this.infos.get(version);
    const ref = this.recordOf(version);
    this.reads.set(version, ref);
    // versions that share a record share one decoded object: less memory, and callers may memoise by identity
    const info = ref === null ? undefined : getOrMake(this.byRecord, ref, () => this.decode(ref));
    this.infos.set(version, info);
    return info;
  }

  /** A version's record decoded and not kept, unless this run holds it already (Packument.peek); recent peeks are shared. */
  peek(version: string): VersionInfo | undefined {
    if (this.infos.has(version)) return this.infos.get(version);
    const ref = this.recordOf(version);
    if (ref === null) return undefined;
    return this.byRecord.get(ref) ?? decodePeeked(typeof ref === 'number' ? this.serial * RECORDS_PER_SERIAL + ref : ref, () => this.decode(ref));
  }

  private decode(ref: string | number): VersionInfo {
    return typeof ref === 'string' ? decodeRecordText(ref) : decodeRecordAt(this.whole!, ref);
  }

  /** Where a version's record is: in the pack when it holds the version, else in the whole form. */
  private recordOf(version: string): RecordRef {
    if (this.packed && Object.hasOwn(this.packed, version)) return this.packed[version]!;
    const s = this.full();
    const at = textPosition(s.versions, s.byText, version);
    return at < 0 ? null : s.recordOf[at]!;
  }

  /** A record's JSON text, as the pack keeps it. */
  private textOf(ref: RecordRef): string | null {
    return typeof ref === 'number' ? recordText(this.decode(ref)) : ref;
  }

  toPackument(): Packument {
    const self = this;
    // reads of single versions are answered from the pack; anything that lists versions loads the whole form
    const versions = new Proxy({} as Record<string, VersionInfo>, {
      get: (_t, key) => (typeof key === 'string' ? self.info(key) : undefined),
      has: (_t, key) => typeof key === 'string' && self.publishes(key),
      ownKeys: () => {
        self.listed = true;
        return self.full().versions;
      },
      // listing the versions (Object.keys asks each one's descriptor) must not decode every record: the record is
      // read when the property is
      getOwnPropertyDescriptor: (_t, key) => (typeof key === 'string' && self.publishes(key) ? { get: () => self.info(key), enumerable: true, configurable: true } : undefined),
    });
    let time: Record<string, string> | undefined;
    const p: Packument = {
      name: this.name,
      versions,
      distTags: this.distTags,
      get time() {
        self.listed = true;
        time ??= self.times();
        return time;
      },
      ...(this.repository ? { repository: this.repository } : {}),
    };
    return withPeek(p, (version) => self.peek(version));
  }

  /** What the next pack keeps: the versions this run read. */
  packEntry(): PackEntry {
    const read: PackEntry['read'] = {};
    for (const [v, ref] of [...this.reads].sort(([a], [b]) => codePointCompare(a, b))) read[v] = this.textOf(ref);
    return { name: this.name, distTags: this.distTags, read, ...(this.repository ? { repository: this.repository } : {}) };
  }
}

/** The file of an integrity's slim form under a slim directory. */
function slimPath(dir: string, integrity: string): string {
  const h = createHash('sha256').update(`${SLIM_FORMAT}\0${integrity}`).digest('hex');
  return join(dir, h.slice(0, 2), `${h}.json`);
}

/**
 * Writes a packument's slim form under the integrity of its full document in npm's cache, where SlimCache reads
 * it; returns the stored form and its text. Callable away from a SlimCache: the fetch workers store what they fetched.
 */
export async function storeSlim(dir: string, integrity: string, p: Packument): Promise<{ stored: StoredPackument; text: string }> {
  const stored = toStored(p);
  const text = JSON.stringify(stored);
  await writeFileAtomic(slimPath(dir, integrity), text, { durable: false }).catch(() => undefined);
  return { stored, text };
}

/**
 * Slim packuments keyed by the content integrity of the full packument in npm's cache, so a warm run reads a few
 * kilobytes instead of re-parsing megabytes. Never keyed by file times.
 *
 * Each slim form has a file of its own, and each workspace a *pack*: one file holding what its last run read of
 * every packument (the tags, and the records of the versions it looked at, its pins). A warm run over thousands of
 * packuments opens that one file instead of thousands, and reads the whole slim form of a package only when it
 * looks beyond (a new pin, a finding that lists versions, propose). The pack is keyed by content like the rest: an
 * entry is used only while npm's cache still names that integrity for the package, so a refreshed packument is
 * never answered from an old pack. The pack also remembers the packages the registry has not got (404), which npm's
 * cache does not keep.
 */
export class SlimCache {
  private pack: Promise<Pack> | undefined;
  private missingKept: Promise<Record<string, number>> | undefined;
  /** what this run served, by integrity: the next pack */
  private readonly served = new Map<string, Served>();
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly dir: string,
    /** npm's cacache directory: where a slim form is derived from again if its own file is gone */
    private readonly cacache: string,
    /** the pack of this workspace and registry, when there is one to keep */
    private readonly packFile?: string,
  ) {}

  private path(integrity: string): string {
    return slimPath(this.dir, integrity);
  }

  private loadPack(): Promise<Pack> {
    this.pack ??= readOwnFile<Pack>(this.packFile, (p) => !!p.entries && typeof p.entries === 'object').then((p) => p ?? { format: SLIM_FORMAT, entries: {} });
    return this.pack;
  }

  /** The whole slim form of an integrity: its own file, else derived again from npm's cached document. */
  private wholeSync(name: string, integrity: string): StoredPackument {
    try {
      return JSON.parse(readFileSync(this.path(integrity), 'utf8')) as StoredPackument;
    } catch {
      try {
        return toStored(slimPackument(name, JSON.parse(readFileSync(contentPath(this.cacache, integrity), 'utf8')) as Record<string, unknown>));
      } catch {
        throw new RegistryError(`npm's cache no longer holds the document of ${name}: run again online`);
      }
    }
  }

  private serve(integrity: string, name: string, head: { distTags: Record<string, string>; repository?: string }, packed: PackEntry['read'] | undefined, whole: StoredPackument | undefined): Packument {
    const served = new Served(integrity, name, head.distTags, head.repository, packed, whole, () => this.wholeSync(name, integrity));
    this.served.set(integrity, served);
    return served.toPackument();
  }

  async get(integrity: string): Promise<Packument | undefined> {
    const packed = (await this.loadPack()).entries[integrity];
    if (packed) return this.serve(integrity, packed.name, packed, packed.read, undefined);
    try {
      return this.adopt(integrity, JSON.parse(await readFile(this.path(integrity), 'utf8')) as StoredPackument);
    } catch {
      return undefined;
    }
  }

  /**
   * Serves a slim form stored already (by storeSlim, where the packument was fetched), as read back: versions with
   * the same metadata share one record.
   */
  adopt(integrity: string, stored: StoredPackument): Packument {
    return this.serve(integrity, stored.name, stored, undefined, stored);
  }

  /** When the registry last answered 404 for a package, as this workspace's pack remembers. */
  async missingSince(name: string): Promise<number | undefined> {
    return this.missing.get(name) ?? (await this.loadMissing())[name];
  }

  recordMissing(name: string, at: number): void {
    this.missing.set(name, at);
  }

  private missingFile(): string | undefined {
    return this.packFile?.replace(/\.json$/, '.missing.json');
  }

  private loadMissing(): Promise<Record<string, number>> {
    this.missingKept ??= readOwnFile<Missing>(this.missingFile(), (m) => !!m.missing && typeof m.missing === 'object').then((m) => m?.missing ?? {});
    return this.missingKept;
  }

  /**
   * Writes the pack when this run read a version it did not hold: what this run read, plus the packed entries of
   * packages it did not ask for (another command of the same workspace reads a few more). A run answered wholly
   * from the pack writes nothing. A packument whose versions the run listed keeps its old entry: the pack holds
   * what a check reads (a pin or two a package), not a resolver's search (generate over 10,000 packages read
   * 570,000 records, a pack of 139 MB that every later check would parse). The 404s are kept the same way, in
   * their own file.
   */
  async save(): Promise<void> {
    if (!this.packFile) return;
    const served = [...this.served.values()];
    await this.saveMissing(new Set(served.map((s) => s.name)));
    const growing = served.filter((s) => !s.listed);
    if (growing.length === 0) return;
    const old = await this.loadPack();
    if (!growing.some((s) => [...s.reads.keys()].some((v) => !Object.hasOwn(old.entries[s.integrity]?.read ?? {}, v)))) return;
    const names = new Set(growing.map((s) => s.name));
    const entries: Pack['entries'] = {};
    for (const [integrity, e] of Object.entries(old.entries)) if (!names.has(e.name)) entries[integrity] = e;
    for (const s of growing.sort((a, b) => codePointCompare(a.integrity, b.integrity))) {
      const e = s.packEntry();
      // what an earlier run read of the same content stays: a check with other pins reads other versions
      const before = old.entries[s.integrity]?.read ?? {};
      entries[s.integrity] = { ...e, read: { ...before, ...e.read } };
    }
    const pack: Pack = { format: SLIM_FORMAT, entries: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => codePointCompare(a, b))) };
    await writeFileAtomic(this.packFile, JSON.stringify(pack), { durable: false }).catch(() => undefined);
    this.pack = Promise.resolve(pack);
  }

  /** The 404s: those this run met, and the earlier ones of packages it did not find published since. */
  private async saveMissing(served: ReadonlySet<string>): Promise<void> {
    const file = this.missingFile();
    if (!file) return;
    const old = await this.loadMissing();
    const next: Record<string, number> = {};
    for (const [name, at] of Object.entries(old)) if (!served.has(name)) next[name] = at;
    for (const [name, at] of this.missing) next[name] = at;
    const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => codePointCompare(a, b)));
    if (JSON.stringify(sorted) === JSON.stringify(old)) return;
    const kept: Missing = { format: SLIM_FORMAT, missing: sorted };
    await writeFileAtomic(file, JSON.stringify(kept), { durable: false }).catch(() => undefined);
    this.missingKept = Promise.resolve(sorted);
  }
}

/** One of the files a workspace keeps beside npm's cache, when it is of this slim format and of the expected shape. */
async function readOwnFile<T extends { format: number }>(file: string | undefined, shaped: (data: T) => boolean): Promise<T | undefined> {
  if (!file) return undefined;
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as T;
    return data.format === SLIM_FORMAT && shaped(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Where cacache keeps the content of an integrity (its strongest hash): content-v2/ALGO/xx/yy/rest. */
function contentPath(cacache: string, integrity: string): string {
  const hashes = integrity.trim().split(/\s+/);
  const pick = hashes.find((h) => h.startsWith('sha512-')) ?? hashes[0]!;
  const dash = pick.indexOf('-');
  const hex = Buffer.from(pick.slice(dash + 1).replace(/\?.*$/, ''), 'base64').toString('hex');
  return join(cacache, 'content-v2', pick.slice(0, dash), hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}
