import { whyPaths } from '../graph/why.js';
import type { CommonOptions } from '../load.js';
import { loadInputs } from '../load.js';
import { checkContext, prefetchForCheck } from './check.js';

export type { WhyHop } from '../graph/why.js';

import type { WhyResult } from '../graph/why.js';

export type { WhyResult };

/** `constrain why NAME`. */
export async function why(name: string, opts: CommonOptions = {}): Promise<WhyResult> {
  const inputs = await loadInputs(opts);
  const store = await prefetchForCheck(inputs, opts);
  const ctx = checkContext(inputs, store);
  return whyPaths(
    ctx.graph,
    inputs.workspace.members.map((m) => m.name),
    name,
    (inputs.constraints.byName.get(name) ?? []).map((p) => p.version),
  );
}
