import type { PinSet } from '../constraints/types.js';
import { renderConstraints } from '../constraints/write.js';
import { openProposalPr, type PrOptions, type PrResult } from '../forge/open-pr.js';
import { runtimeNames } from '../graph/runtime.js';
import { type CommonOptions, loadInputs } from '../load.js';
import { type Bump, type HeldBack, type PinMove, planProposal } from '../propose/plan.js';
import { proposePolicy } from '../propose/policy.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { checkContext, prefetchForCheck } from './check.js';

export interface ProposeOptions extends CommonOptions {
  write?: boolean;
  openPr?: boolean;
  pr?: PrOptions;
}

/** SPEC §4.5's propose JSON (plus the transitive pins added and removed). */
export type ProposeResult =
  | { ok: true; bumps: Bump[]; heldBack: HeldBack[]; added: PinMove[]; removed: PinMove[]; pr: PrResult | null; written: boolean }
  | { ok: false; explanation: string };

/** `constrain propose`: every bump that stays co-installable, why the rest cannot move, optionally one rolling PR. */
export async function propose(opts: ProposeOptions = {}): Promise<ProposeResult> {
  const inputs = await loadInputs(opts);
  // engines bind the runtime closure: the names the current pins' graph installs for members' users
  // one store for both: the resolver reuses the packuments the current closure already fetched
  const store = await prefetchForCheck(inputs, opts);
  const runtime = runtimeNames(checkContext(inputs, store).graph);
  const filter = proposePolicy(inputs.config, inputs.node, inputs.constraints, inputs.now, runtime);
  const plan = await planProposal(inputs, store, filter, { onProgress: opts.onProgress });
  if (!plan.ok) return plan;
  const text = renderConstraints(inputs.constraints.text, plan.pins);
  const changed = text !== inputs.constraints.text;
  let written = false;
  if (opts.write && changed) {
    await writeFileAtomic(inputs.constraintsPath, text);
    written = true;
  }
  let pr: PrResult | null = null;
  if (opts.openPr) {
    pr = await openProposalPr({
      root: inputs.root,
      constraintsFile: inputs.constraints.file,
      newText: text,
      changed,
      plan,
      config: inputs.config,
      env: opts.env ?? process.env,
      ...opts.pr,
    });
  }
  return { ok: true, bumps: plan.bumps, heldBack: plan.heldBack, added: plan.added, removed: plan.removed, pr, written };
}

export type { PinSet };
