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
  const concurrency = opts.concurrency ?? 24;
  // progress counts the run as a whole: what the store held before this call was fetched earlier in it
  const earlier = store.size;
  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueue = (name: string) => {
    if (!queued.has(name) && !store.has(name)) {
      queued.add(name);
      queue.push(name);
    }
  };
  for (const r of roots) enqueue(r);
  let done = 0;
  let failure: unknown;
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (failure === undefined && active < concurrency && queue.length > 0) {
        const name = queue.shift()!;
        active++;
        registry
          .packument(name)
          .then((fetched) => {
            const p = fetched && opts.before ? packumentBefore(fetched, opts.before) : fetched;
            store.set(name, p);
            done++;
            if (p) for (const n of expand(p)) enqueue(n);
            opts.onProgress?.({ fetched: earlier + done, planned: earlier + queued.size, round: opts.round ?? 1 });
          })
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => {
            active--;
            if (active === 0 && (queue.length === 0 || failure !== undefined)) resolve();
            else pump();
          });
      }
      if (active === 0) resolve();
    };
    pump();
  });
  if (failure !== undefined) throw failure;
}
