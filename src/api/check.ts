import { resolve } from 'node:path';
import type { CheckReport } from '../check/run.js';
import type { CommonOptions } from '../load.js';
import { openRegistry } from '../registry/open.js';
import { constrainVersion } from '../version.js';
import { unchangedReport } from './check-snapshot.js';

export interface CheckOptions extends CommonOptions {
  /** a git ref of the prior release, or "registry" (docs/reference.md, "check"); default: the config's `prior` */
  against?: string;
  /** report only findings absent at this git ref */
  baseline?: string;
  /** a lockfile whose installed versions must be pins: package-lock.json, pnpm-lock.yaml or yarn.lock */
  lockfile?: string;
  /** apply the safe fixes first (pins an edge needs, pins nothing reaches, the file's order), then report */
  fix?: boolean;
}

/**
 * `constrain check`: the co-installability gate. Returns the check JSON (docs/reference.md). A plain check whose
 * files and metadata are as they were answers from the workspace's last report before parsing anything, and before
 * loading the modules that compute one (check-run.ts); a check with a configured prior never keeps one.
 */
export async function check(opts: CheckOptions = {}): Promise<CheckReport> {
  const plain = !opts.fix && !opts.against && !opts.baseline && !opts.lockfile;
  const registry = opts.registryImpl ?? (await openRegistry(resolve(opts.cwd ?? '.'), opts));
  if (plain) {
    const kept = await unchangedReport(opts, registry, constrainVersion());
    if (kept) return kept;
  }
  const { computeCheck } = await import('./check-run.js');
  return computeCheck({ ...opts, registryImpl: registry }, plain);
}
