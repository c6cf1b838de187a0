import { packumentBefore } from './slim.js';
import type { Packument, Registry } from './types.js';

/**
 * Metadata fetched ahead of solving: the graph builder and the solver read it synchronously and never await.
 * `null` records a package the registry does not have (404); a missing key, one not fetched yet.
 */
export class MetadataStore {
  constructor(private readonly packuments = new Map<string, Packument | null>()) {}

  get(name: string): Packument | null | undefined {
    return this.packuments.get(name);
  }

  has(name: string): boolean {
    return this.packuments.has(name);
  }

  set(name: string, p: Packument | null): void {
    this.packuments.set(name, p);
  }

  get size(): number {
    return this.packuments.size;
  }

  names(): string[] {
    return [...this.packuments.keys()];
  }
}

/** How far a run's metadata fetches are: packuments fetched so far, of those planned so far, in which round. */
export interface FetchProgress {
  fetched: number;
  planned: number;
  /** the resolver's fetch round (1 for the prefetch of the likely closure) */
  round: number;
}

export interface FetchOptions {
  concurrency?: number;
  /** see the registry as of this date */
  before?: Date;
  onProgress?: (p: FetchProgress) => void;
  /** the round this fetch belongs to, for progress */
  round?: number;
}

/**
 * Fetches `roots` and everything `expand` names from each fetched packument, in parallel with a bound,
 * into `store`. The result does not depend on the order in which fetches complete.
 */
export async function fetchClosure(
  registry: Registry,
  store: MetadataStore,
  roots: Iterable<string>,
  expand: (p: Packument) => Iterable<string>,
  opts: FetchOptions = {},
): Promise<void> {
  const fetch = new ClosureFetch(registry, store, expand, opts);
  fetch.add(roots);
  await fetch.done();
}

/**
 * A closure being fetched into a store, that its reader can use before it is whole: add names to it, wait for
 * some of them (they go to the front of the queue), or for all of it. What it fetches, and so what the store
 * holds once it is done, does not depend on when it is waited for or in which order fetches complete.
 */
export class ClosureFetch {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly concurrency: number;
  /** progress counts the run as a whole: what the store held before was fetched earlier in it */
  private readonly earlier: number;
  private fetched = 0;
  private active = 0;
  private failure: { err: unknown } | undefined;
  private round: number;
  /** names: undefined waits for the whole closure */
  private waiters: { names: readonly string[] | undefined; resolve: () => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly store: MetadataStore,
    private readonly expand: (p: Packument) => Iterable<string>,
    private readonly opts: FetchOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 24;
    this.earlier = store.size;
    this.round = opts.round ?? 1;
  }

  /** Queues names the store has not got; `round` names the fetch round they start, for progress. */
  add(names: Iterable<string>, round?: number): void {
    if (round !== undefined) this.round = round;
    for (const name of names) this.enqueue(name);
    this.pump();
  }

  /** Whether fetches are queued or in flight (a failure stops the queue). */
  get busy(): boolean {
    return this.active > 0 || (this.failure === undefined && this.queue.length > 0);
  }

  /** Whether a name is in the store or on its way there. */
  planned(name: string): boolean {
    return this.store.has(name) || this.queued.has(name);
  }

  /** Resolves once the store holds every name; the ones still queued are fetched first, any not planned queued. */
  whenHave(names: readonly string[]): Promise<void> {
    for (const name of names) this.enqueue(name);
    const waiting = new Set(names.filter((n) => !this.store.has(n)));
    if (waiting.size > 0 && this.queue.some((n) => waiting.has(n))) {
      const first = this.queue.filter((n) => waiting.has(n));
      const rest = this.queue.filter((n) => !waiting.has(n));
      this.queue.splice(0, this.queue.length, ...first, ...rest);
    }
    return this.wait(names);
  }

  /** Resolves once nothing is queued or in flight; rejects with the first failure. */
  done(): Promise<void> {
    return this.wait(undefined);
  }

  private wait(names: readonly string[] | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ names, resolve, reject });
      this.settleWaiters();
      this.pump();
    });
  }

  private enqueue(name: string): void {
    if (!this.queued.has(name) && !this.store.has(name)) {
      this.queued.add(name);
      this.queue.push(name);
    }
  }

  private settleWaiters(): void {
    const idle = this.active === 0 && (this.queue.length === 0 || this.failure !== undefined);
    this.waiters = this.waiters.filter((w) => {
      if (this.failure !== undefined && (idle || w.names !== undefined)) w.reject(this.failure.err);
      else if (w.names === undefined ? idle : w.names.every((n) => this.store.has(n))) w.resolve();
      else return true;
      return false;
    });
  }

  private pump(): void {
    while (this.failure === undefined && this.active < this.concurrency && this.queue.length > 0) {
      const name = this.queue.shift()!;
      this.active++;
      this.registry
        .packument(name)
        .then((fetched) => {
          const p = fetched && this.opts.before ? packumentBefore(fetched, this.opts.before) : fetched;
          this.store.set(name, p);
          this.fetched++;
          if (p) for (const n of this.expand(p)) this.enqueue(n);
          this.opts.onProgress?.({ fetched: this.earlier + this.fetched, planned: this.earlier + this.queued.size, round: this.round });
        })
        .catch((err: unknown) => {
          this.failure ??= { err };
        })
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0) this.registry.idle?.();
          this.settleWaiters();
        });
    }
  }
}
