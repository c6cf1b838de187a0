import { join } from 'node:path';
import type { PinSet } from '../constraints/types.js';
import { renderConstraints } from '../constraints/write.js';
import { openProposalPr, type PrOptions, type PrResult } from '../forge/open-pr.js';
import { runtimeNames } from '../graph/runtime.js';
import { type CommonOptions, loadInputs } from '../load.js';
import { type Bump, type HeldBack, type PinMove, planProposal } from '../propose/plan.js';
import { proposePolicy } from '../propose/policy.js';
import { renderProposalMarkdown } from '../propose/render.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { checkContext, prefetchForCheck } from './check.js';
import { gateFiles } from './gate-files.js';

export interface ProposeOptions extends CommonOptions {
  write?: boolean;
  openPr?: boolean;
  pr?: PrOptions;
}

/** The propose JSON (plus the transitive pins added and removed, and the files the proposal changes). */
export type ProposeResult =
  | {
      ok: true;
      bumps: Bump[];
      heldBack: HeldBack[];
      added: PinMove[];
      removed: PinMove[];
      /** the files the proposal changes (with --write or --open-pr): constraints, exported overrides, lockfile */
      files: string[];
      /** what could not be refreshed, and why */
      notes: string[];
      pr: PrResult | null;
      written: boolean;
    }
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
  const env = opts.env ?? process.env;
  // everything the gate checks moves with the pins: exported overrides and the lockfile too
  const { files, notes } = changed && (opts.write || opts.openPr) ? await gateFiles(inputs, store, plan.pins, text, { registry: opts.registry, env }) : { files: [], notes: [] };
  let written = false;
  if (opts.write) {
    for (const f of files) await writeFileAtomic(join(inputs.root, f.path), f.content);
    written = files.length > 0;
  }
  let pr: PrResult | null = null;
  if (opts.openPr) {
    const n = plan.bumps.length;
    pr = await openProposalPr({
      root: inputs.root,
      files,
      title: n > 0 ? `constrain: update ${n} dependency pin${n === 1 ? '' : 's'}` : 'constrain: refresh dependency pins',
      body: renderProposalMarkdown(plan, { constraintsFile: inputs.constraints.file }),
      config: inputs.config,
      env,
      ...opts.pr,
    });
  }
  return { ok: true, bumps: plan.bumps, heldBack: plan.heldBack, added: plan.added, removed: plan.removed, files: files.map((f) => f.path), notes, pr, written };
}

export type { PinSet };
