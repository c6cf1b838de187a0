import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NpmSettings } from './npmrc.js';
import { ValueTooLarge } from './packument-stream.js';
import type { Fetched, FetchMode } from './pacote-fetch.js';
import type { StoredPackument } from './slim-cache.js';
import type { Packument } from './types.js';

/** What every fetch worker is started with. */
export interface PoolSettings {
  settings: NpmSettings;
  slimDir: string;
}

export interface FetchRequest {
  id: number;
  name: string;
  mode: FetchMode;
}

/** A pacote error as it crosses threads: what PacoteRegistry reads of one. */
export interface FetchFailure {
  message: string;
  code?: string;
  statusCode?: number;
}

/**
 * A worker's answer. A stored slim form crosses as its text: copying one string costs the worker nothing, where
 * cloning the object cost it a tenth of its time.
 */
export type Posted = { integrity: string; text: string } | { integrity?: undefined; slim: Packument };

export type FetchReply = { id: number; posted: Posted; failure?: undefined } | { id: number; posted?: undefined; failure: FetchFailure };

interface Pending {
  resolve: (f: Fetched) => void;
  reject: (err: Error) => void;
}

/** Defined by scripts/bundle.mjs in the single-file bundle: its worker's module, beside it. */
declare const CONSTRAIN_BUNDLE_FETCH_WORKER: string | undefined;

/** The worker's module beside this one: the compiled dist/registry/fetch-worker.js, or the bundle's own. */
const WORKER_FILE = new URL(typeof CONSTRAIN_BUNDLE_FETCH_WORKER === 'string' ? CONSTRAIN_BUNDLE_FETCH_WORKER : './fetch-worker.js', import.meta.url);

/**
 * Each worker's heap is bounded. A worker reads documents as they stream (PackumentStream), a version at a time,
 * and needs some 20 MB; the bound keeps V8 from growing the heap past that (when workers parsed whole documents,
 * each held 90 to 165 MB beside the resolver's). The small young generation is collected often, which lets go of
 * the response's buffers sooner: each is memory the thread's malloc arena keeps for the rest of the run. A version
 * too big for the bound ends its worker with ERR_WORKER_OUT_OF_MEMORY, and the packument is fetched again in the
 * caller's thread (WorkerLost).
 */
export const WORKER_HEAP: WorkerHeap = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

/**
 * The most bytes one value of a document (a version, the publish times) may hold to be parsed in a worker: a
 * single string past the heap's bound would end the whole process, not the worker. A larger one (none of the
 * 10,700 documents of the scale bench comes near) leaves its packument to the caller (WorkerLost).
 */
export const MAX_WORKER_VALUE = 4 * 1024 * 1024;

/** A bound on a worker's heap, in node's resourceLimits terms. */
export interface WorkerHeap {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

/**
 * A fetch a worker could not do: it ended before answering, or the document holds a value too large for its heap
 * (ValueTooLarge). The caller fetches it itself (PacoteRegistry).
 */
export class WorkerLost extends Error {
  constructor(readonly reason: Error) {
    super(`a fetch worker ended: ${reason.message}`);
  }
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Fetch workers: a cold run spends most of its time parsing, hashing and slimming full packuments (the registry
 * serves whole documents, 1.6 GB for a 10,000-package closure), all on one thread in pacote. Each worker runs
 * pacote with npm's settings and cache, and hands back the slim form it stored; the main thread goes on
 * resolving. The answers are the ones an in-process fetch gives; only where the work runs changes. Workers start
 * with the first fetch that needs one, and are stopped when the caller has nothing more to fetch (stop): a solve
 * goes on for seconds after the last packument of a round lands, and an idle worker keeps the heap it parsed
 * documents in. A later round starts them again, which costs about a tenth of a second.
 */
export class FetchPool {
  private readonly workers: Slot[] = [];
  private nextId = 0;
  /** set when a worker failed: no more are started, and the caller fetches in its own thread */
  private broken = false;

  private constructor(
    private readonly size: number,
    private readonly data: PoolSettings,
    private readonly heap: WorkerHeap,
  ) {}

  private start(): Slot {
    const worker = new Worker(WORKER_FILE, { workerData: this.data, resourceLimits: this.heap });
    const slot: Slot = { worker, pending: new Map<number, Pending>() };
    worker.on('message', (reply: FetchReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      // an idle worker never keeps the process alive, one with fetches in flight does
      if (slot.pending.size === 0) worker.unref();
      const { posted } = reply;
      if (posted === undefined) {
        const failure = Object.assign(new Error(reply.failure.message), reply.failure);
        p.reject(reply.failure.code === ValueTooLarge.code ? new WorkerLost(failure) : failure);
      } else p.resolve(posted.integrity === undefined ? posted : { integrity: posted.integrity, text: posted.text, stored: JSON.parse(posted.text) as StoredPackument });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      for (const p of slot.pending.values()) p.reject(new WorkerLost(err));
      slot.pending.clear();
      // a document too big for a worker's heap is the caller's to fetch; the other workers go on
      if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') this.broken = true;
      this.drop(slot);
    });
    this.workers.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    const at = this.workers.indexOf(slot);
    if (at >= 0) this.workers.splice(at, 1);
  }

  /** Stops the workers that have nothing in flight; the next fetch starts them again. */
  stop(): void {
    for (const slot of [...this.workers]) {
      if (slot.pending.size > 0) continue;
      this.drop(slot);
      void slot.worker.terminate();
    }
  }

  /**
   * A pool of one worker per core (at most four), or undefined where workers cannot help: one core, a build
   * without the worker's module (the sources run by the tests), or settings that cannot cross threads (an agent).
   */
  static open(settings: NpmSettings, slimDir: string, heap: WorkerHeap = WORKER_HEAP): FetchPool | undefined {
    const cores = availableParallelism();
    if (cores < 2 || settings.fetchOptions.agent !== undefined || !existsSync(fileURLToPath(WORKER_FILE))) return undefined;
    return new FetchPool(Math.min(cores, 4), { settings, slimDir }, heap);
  }

  /** Whether workers may fetch (after a worker failed, none are started again). */
  get usable(): boolean {
    return !this.broken;
  }

  fetch(name: string, mode: FetchMode): Promise<Fetched> {
    let slot = this.workers[0];
    for (const w of this.workers) if (w.pending.size < slot!.pending.size) slot = w;
    if (slot === undefined || (slot.pending.size > 0 && this.workers.length < this.size)) slot = this.start();
    const id = this.nextId++;
    const chosen = slot;
    return new Promise<Fetched>((resolve, reject) => {
      if (chosen.pending.size === 0) chosen.worker.ref();
      chosen.pending.set(id, { resolve, reject });
      chosen.worker.postMessage({ id, name, mode } satisfies FetchRequest);
    });
  }
}
