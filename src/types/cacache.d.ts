declare module 'cacache' {
  interface EntryInfo {
    key: string;
    integrity: string;
    path: string;
    size: number;
    time: number;
    metadata?: unknown;
  }
  const cacache: { get: { info(cache: string, key: string): Promise<EntryInfo | null> } };
  export default cacache;
}
