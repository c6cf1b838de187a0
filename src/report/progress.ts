import type { FetchProgress } from '../registry/metadata-store.js';

/** The progress line for metadata fetches: "fetching metadata 1,204/3,861 · round 2". */
export function progressLine(p: FetchProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `fetching metadata ${n(p.fetched)}/${n(p.planned)}${p.round > 1 ? ` · round ${p.round}` : ''}`;
}
