// cacache is read directly only by the tests, which hold src/registry/cache-index.ts to its answers
declare module 'cacache' {
  interface EntryInfo {
    key: string;
    integrity: string;
    path: string;
    size: number;
    time: number;
    metadata?: unknown;
  }
  const cacache: {
    get: { info(cache: string, key: string): Promise<EntryInfo | null> };
    put(cache: string, key: string, data: string, opts?: { metadata?: unknown }): Promise<string>;
    rm: { entry(cache: string, key: string): Promise<unknown> };
  };
  export default cacache;
}
