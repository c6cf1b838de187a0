declare module 'npm-registry-fetch' {
  /** The response of a fetch: its body as it streams (make-fetch-happen's caching pipeline). */
  export interface RegistryResponse {
    body: {
      on(event: 'data', listener: (chunk: Buffer) => void): unknown;
      on(event: 'end', listener: () => void): unknown;
      on(event: 'error', listener: (err: Error) => void): unknown;
    };
  }
  /** npm's registry fetch (what pacote calls): .npmrc auth and scopes, npm's cache, retries; throws npm's errors. */
  function registryFetch(url: string, options: Record<string, unknown>): Promise<RegistryResponse>;
  export default registryFetch;
}
