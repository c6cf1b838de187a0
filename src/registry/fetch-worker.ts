// A fetch worker (src/registry/fetch-pool.ts): fetches packuments with pacote's request, reads them as they stream
// and stores their slim forms, so that reading megabytes of JSON, hashing them into npm's cache and slimming them
// happen beside the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { type FetchReply, type FetchRequest, MAX_WORKER_VALUE, type PoolSettings } from './fetch-pool.js';
import { PacoteFetcher } from './pacote-fetch.js';

const { settings, slimDir } = workerData as PoolSettings;
const fetcher = new PacoteFetcher(settings, slimDir, 'stream', MAX_WORKER_VALUE);
const port = parentPort!;

port.on('message', (req: FetchRequest) => {
  fetcher.fetch(req.name, req.mode).then(
    (fetched) => {
      const posted = fetched.integrity === undefined ? fetched : { integrity: fetched.integrity, text: fetched.text };
      port.postMessage({ id: req.id, posted } satisfies FetchReply);
    },
    (err: unknown) => {
      const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
      const failure = {
        message: String(e?.message ?? err),
        ...(typeof e?.code === 'string' ? { code: e.code } : {}),
        ...(typeof e?.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
      };
      port.postMessage({ id: req.id, failure } satisfies FetchReply);
    },
  );
});
