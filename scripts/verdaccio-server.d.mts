// Types of verdaccio-server.mjs, for the tests that import it.
export function startVerdaccio(dir: string, access?: string[]): Promise<{ url: string; stop: () => Promise<void> }>;
export function archive(manifest: Record<string, unknown>): Buffer;
export function asOf<T>(doc: T, before?: string): T | undefined;
export function seedRecorded(dir: string, docs: Record<string, unknown>, before?: string): string[];
