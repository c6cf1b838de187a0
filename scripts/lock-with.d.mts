// Types of lock-with.mjs, for the tests that import it.
import type { DiffCase } from './differential-runner.mjs';
export type Manager = 'npm' | 'pnpm' | 'yarn';
export interface LockRun {
  manager: Manager;
  name: string;
  dir: string;
  /** the lockfile the manager writes, relative to dir */
  lockfile: string;
  steps: { what: string; status: number | null; tail: string }[];
  findings: string[];
}
export const MANAGER_NAMES: Manager[];
export function lockWith(manager: Manager, c: DiffCase, registry: string, cache: string): Promise<LockRun>;
export function lockProblems(r: LockRun): string[];
