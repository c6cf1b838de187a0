import { slimTopLevel, slimVersion, stringRecord } from './slim.js';
import type { Packument, VersionInfo } from './types.js';

type Json = Record<string, unknown>;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Where an object being read member by member stands. */
const KEY = 0; // a key, or the end of the object
const COLON_NEXT = 1;
const VALUE = 2; // a value starts
const IN_VALUE = 3;
const AFTER_VALUE = 4; // a comma, or the end of the object

/** The document's own members slimPackument reads, besides `versions` (read a version at a time). */
const TOP_KEPT = new Set(['dist-tags', 'time', 'repository']);

/** An object read member by member: the document itself (depth 1) and its `versions` (depth 2). */
interface Members {
  readonly depth: number;
  phase: number;
  /** no member read yet: the object may end at once */
  first: boolean;
  key: string | undefined;
  /** whether the member's value is kept (its bytes collected, then parsed) */
  keep: boolean;
  /** the value is a number or a literal: it ends at the next delimiter */
  primitive: boolean;
}

/** An object at that depth, before its first member. */
function members(depth: number): Members {
  return { depth, phase: KEY, first: true, key: undefined, keep: false, primitive: false };
}

/** The document is not JSON where it was read: the error res.json() gives (minipass-fetch's FetchError fields). */
export class InvalidPackument extends Error {
  readonly code = 'FETCH_ERROR';
  readonly type = 'invalid-json';
  constructor(url: string, reason: string) {
    super(`invalid json response body at ${url} reason: ${reason}`);
  }
}

/** A value too large to parse where the document is read (a fetch worker's bounded heap): the caller's to fetch. */
export class ValueTooLarge extends Error {
  static readonly code = 'EVALUETOOLARGE';
  readonly code = ValueTooLarge.code;
  constructor(url: string, bytes: number) {
    super(`a value of ${bytes} bytes in ${url} is more than this reader parses`);
  }
}

/**
 * A packument document read as it arrives, kept only as its slim form: the document's `dist-tags`, `time` and
 * `repository`, and each member of `versions`, are parsed alone (JSON.parse) and slimmed as they end; the
 * rest (readmes, maintainers, users, every version's other fields) is passed over byte by byte and never held.
 * A 10.5 MB document (typescript's) is never a string or an object graph, and no buffer outlives the chunk it
 * came in, unless a kept value spans chunks. The answer is slimPackument's on JSON.parse's reading of the whole
 * document; a fault inside a member passed over (a missing comma in a readme's neighbour) goes unnoticed,
 * while unbalanced brackets, an unterminated string, or anything after the document, are refused.
 */
export class PackumentStream {
  private readonly open: number[] = [];
  private inString = false;
  /** the previous byte was a backslash inside a string */
  private escaped = false;
  private started = false;
  private ended = false;
  private top: Members | undefined;
  private inner: Members | undefined;
  /** the bytes of the key or value being kept, in the chunks before the current one */
  private pieces: Buffer[] = [];
  /** where, in the current chunk, the kept bytes start; -1 when nothing is being kept */
  private keptFrom = -1;
  private versions: Record<string, VersionInfo> = {};
  /** each version's `repository`, for the version dist-tags.latest names */
  private repositories = new Map<string, unknown>();
  private readonly fields = new Map<string, unknown>();

  /** the bytes kept in earlier chunks */
  private keptBytes = 0;

  /** maxValue: the most bytes one kept value may hold (ValueTooLarge past it); a whole document is never held */
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly maxValue = Number.POSITIVE_INFINITY,
  ) {}

  write(chunk: Buffer): void {
    if (this.keptFrom >= 0) this.keptFrom = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          this.stringEnded(chunk, i + 1);
        }
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
        this.primitiveEnds(this.tracked(), chunk, i);
        continue;
      }
      if (this.ended) throw this.invalid('unexpected data after the document');
      switch (b) {
        case QUOTE:
          this.stringStarts(i);
          this.inString = true;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.containerStarts(i, b);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          this.containerEnds(chunk, i, b);
          break;
        case COLON: {
          const at = this.tracked();
          if (at) {
            if (at.phase !== COLON_NEXT) throw this.invalid(`unexpected ':' in ${this.where(at)}`);
            at.phase = VALUE;
          }
          break;
        }
        case COMMA: {
          const at = this.tracked();
          if (at) {
            this.primitiveEnds(at, chunk, i);
            if (at.phase !== AFTER_VALUE) throw this.invalid(`unexpected ',' in ${this.where(at)}`);
            at.phase = KEY;
            at.first = false;
          }
          break;
        }
        default: {
          const at = this.tracked();
          if (at === undefined) {
            if (this.open.length === 0) throw this.invalid('the document is not an object');
          } else if (at.phase === VALUE) {
            this.valueStarts(at, i);
            at.primitive = true;
          } else if (!(at.primitive && at.phase === IN_VALUE)) throw this.invalid(`unexpected token in ${this.where(at)}`);
        }
      }
    }
    if (this.keptFrom >= 0) {
      this.pieces.push(chunk.subarray(this.keptFrom));
      this.keptBytes += chunk.length - this.keptFrom;
      if (this.keptBytes > this.maxValue) throw new ValueTooLarge(this.url, this.keptBytes);
    }
  }

  /** The slim form of the whole document; throws InvalidPackument when it did not end. */
  end(): Packument {
    if (!this.ended) throw this.invalid(this.started ? 'unexpected end of the document' : 'an empty document');
    const distTags = stringRecord(this.fields.get('dist-tags'));
    const latest = distTags.latest;
    return slimTopLevel(this.name, this.versions, {
      time: this.fields.get('time'),
      distTags,
      repository: this.fields.get('repository'),
      latestRepository: latest !== undefined && Object.hasOwn(this.versions, latest) ? this.repositories.get(latest) : undefined,
    });
  }

  /** The object read member by member at the current depth, if any. */
  private tracked(): Members | undefined {
    const depth = this.open.length;
    if (this.inner !== undefined && depth === this.inner.depth) return this.inner;
    return this.top !== undefined && depth === this.top.depth ? this.top : undefined;
  }

  private where(at: Members): string {
    return at === this.inner ? `"versions"` : 'the document';
  }

  private invalid(reason: string): InvalidPackument {
    return new InvalidPackument(this.url, reason);
  }

  private stringStarts(i: number): void {
    const at = this.tracked();
    if (at === undefined) {
      if (this.open.length === 0) throw this.invalid('the document is not an object');
      return;
    }
    if (at.phase === KEY) this.keep(i);
    else if (at.phase === VALUE) this.valueStarts(at, i);
    else throw this.invalid(`unexpected string in ${this.where(at)}`);
  }

  private stringEnded(chunk: Buffer, end: number): void {
    const at = this.tracked();
    if (at === undefined) return;
    if (at.phase === KEY) {
      const key = this.parse(this.take(chunk, end)) as string;
      at.key = key;
      at.phase = COLON_NEXT;
      at.keep = at === this.inner || TOP_KEPT.has(key);
      if (at === this.top && key === 'versions') {
        // a repeated member replaces the earlier one, as in JSON.parse
        this.versions = {};
        this.repositories.clear();
      }
    } else if (at.phase === IN_VALUE) this.valueEnded(at, chunk, end);
  }

  private containerStarts(i: number, b: number): void {
    const at = this.tracked();
    if (at === undefined) {
      if (this.open.length === 0) {
        if (b !== OPEN_OBJECT || this.started) throw this.invalid('the document is not an object');
        this.started = true;
        this.top = members(1);
      }
    } else if (at.phase === VALUE) {
      if (at === this.top && at.key === 'versions' && b === OPEN_OBJECT) {
        at.phase = IN_VALUE;
        at.keep = false;
        this.inner = members(2);
      } else this.valueStarts(at, i);
    } else throw this.invalid(`unexpected '${String.fromCharCode(b)}' in ${this.where(at)}`);
    this.open.push(b);
  }

  private containerEnds(chunk: Buffer, i: number, b: number): void {
    const at = this.tracked();
    this.primitiveEnds(at, chunk, i);
    const opened = this.open.pop();
    if (opened === undefined || (b === CLOSE_OBJECT) !== (opened === OPEN_OBJECT)) throw this.invalid(`unexpected '${String.fromCharCode(b)}'`);
    if (at !== undefined) {
      // the object read member by member ends: after a value, or at once
      if (!(at.phase === AFTER_VALUE || (at.phase === KEY && at.first))) throw this.invalid(`unexpected end of ${this.where(at)}`);
      if (at === this.inner) {
        this.inner = undefined;
        this.top!.phase = AFTER_VALUE;
      } else {
        this.top = undefined;
        this.ended = true;
      }
      return;
    }
    const parent = this.tracked();
    if (parent?.phase === IN_VALUE && !parent.primitive) this.valueEnded(parent, chunk, i + 1);
  }

  /** A number or literal being read ends at a delimiter (before it, at i). */
  private primitiveEnds(at: Members | undefined, chunk: Buffer, i: number): void {
    if (at?.primitive && at.phase === IN_VALUE) this.valueEnded(at, chunk, i);
  }

  private valueStarts(at: Members, i: number): void {
    at.phase = IN_VALUE;
    at.primitive = false;
    if (at.keep) this.keep(i);
  }

  private valueEnded(at: Members, chunk: Buffer, end: number): void {
    at.phase = AFTER_VALUE;
    at.primitive = false;
    if (!at.keep) return;
    const value = this.parse(this.take(chunk, end));
    const key = at.key!;
    if (at === this.top) {
      this.fields.set(key, value);
      return;
    }
    if (!value || typeof value !== 'object') {
      delete this.versions[key];
      this.repositories.delete(key);
      return;
    }
    this.versions[key] = slimVersion(value as Json);
    const repository = (value as Json).repository;
    if (repository !== undefined) this.repositories.set(key, repository);
    else this.repositories.delete(key);
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw this.invalid((err as Error).message);
    }
  }

  private keep(i: number): void {
    this.keptFrom = i;
    this.pieces = [];
    this.keptBytes = 0;
  }

  /** The kept bytes, up to end in the current chunk, as text; nothing is kept after. */
  private take(chunk: Buffer, end: number): string {
    const last = chunk.subarray(this.keptFrom, end);
    const text = this.pieces.length === 0 ? last.toString('utf8') : Buffer.concat([...this.pieces, last]).toString('utf8');
    this.pieces = [];
    this.keptBytes = 0;
    this.keptFrom = -1;
    return text;
  }
}
