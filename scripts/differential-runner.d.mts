// Types of differential-runner.mjs, for the tests that import it.
export interface DiffCase {
  name: string;
  kind: string;
  intended?: string;
  config?: Record<string, unknown>;
  /** both tools see the registry as of this date (YYYY-MM-DD) */
  before?: string;
  members?: Record<string, Record<string, string>>;
  manifests?: Record<string, Record<string, unknown>>;
}
export type NpmTree = { ok: true; installed: Map<string, string[]>; splits: string[] } | { ok: false; code: string; message: string };
export interface CaseResult {
  name: string;
  kind: string;
  intended?: string;
  dir: string;
  npm: NpmTree;
  generate: { status: number | null; stderr: string; json?: unknown };
  check?: { status: number | null; kinds: string[]; stderr: string };
  pins?: Map<string, string[]>;
  export?: { status: number | null; stderr: string };
  pinned?: NpmTree;
  differences?: string[];
}
export interface Verdict {
  constrain: 'ok' | 'refuses';
  npm: string;
  agree: 'agree' | 'intended' | 'disagree';
  problems: string[];
}
export function configYaml(config: Record<string, unknown>): string;
export const memberName: (member: string) => string;
export function writeCase(c: DiffCase): string;
export function npmIdealTree(dir: string, registry: string, cache: string, before?: string): Promise<NpmTree>;
export function pinDifferences(pins: Map<string, string[]>, tree: Map<string, string[]>): string[];
export function runCase(c: DiffCase, registry: string, cache: string): Promise<CaseResult>;
export function verdict(r: CaseResult): Verdict;
export function cli(args: string[], env: Record<string, string>, command?: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }>;
export function findingKinds(stdout: string): string[];
export function runCases(cases: DiffCase[], registry: string, cache: string, concurrency?: number): Promise<CaseResult[]>;
