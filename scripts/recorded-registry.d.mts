// Types of recorded-registry.mjs, for the tests that import it.
export type RecordedDoc = { name: string; 'dist-tags': Record<string, string>; time: Record<string, string>; versions: Record<string, Record<string, unknown>> };
export type RecordedDocs = Record<string, RecordedDoc | null>;
export interface Served {
  url: string;
  close(): Promise<void>;
}
export function recordedDoc(doc: Record<string, unknown>): RecordedDoc;
export function serveRecorded(docs: RecordedDocs): Promise<Served & { requested: Set<string> }>;
export function recordingProxy(upstream: string, docs: RecordedDocs, before?: string): Promise<Served>;
export function writeRecorded(file: string, docs: RecordedDocs): void;
export function readRecorded(file: string): RecordedDocs;
export function packumentUrl(registry: string, name: string): string;
