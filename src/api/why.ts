import { whyPaths } from '../graph/why.js';
import type { CommonOptions } from '../load.js';
import { openSession } from './session.js';

export type { WhyHop } from '../graph/why.js';

import type { WhyResult } from '../graph/why.js';

export type { WhyResult };

/** `constrain why NAME`. */
export async function why(name: string, opts: CommonOptions = {}): Promise<WhyResult> {
  const session = await openSession(opts);
  const { inputs } = session;
  const ctx = await session.context();
  return whyPaths(
    ctx.graph,
    inputs.workspace.members.map((m) => m.name),
    name,
    (inputs.constraints.byName.get(name) ?? []).map((p) => p.version),
  );
}
