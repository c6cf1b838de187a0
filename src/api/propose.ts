import { join } from 'node:path';
import semver from 'semver';
import type { PinSet } from '../constraints/types.js';
import { renderConstraints } from '../constraints/write.js';
import { discoverForge, type ForgeOptions } from '../forge/discover.js';
import { type PrResult, publishDashboard, publishProposal } from '../forge/open-pr.js';
import { runtimeNames } from '../graph/runtime.js';
import type { CommonOptions } from '../load.js';
import { type Bump, type HeldBack, type PinMove, planProposal } from '../propose/plan.js';
import { proposePolicy } from '../propose/policy.js';
import { renderDerivation } from '../report/derivation.js';
import { type ComingUp, DASHBOARD_MARKER, PROPOSE_MARKER, renderDashboard, renderProposalMarkdown } from '../report/proposal.js';
import type { Derivation } from '../solver/derivation.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { forecastWith } from './forecast.js';
import { gateFiles } from './gate-files.js';
import { openSession } from './session.js';

export interface ProposeOptions extends CommonOptions {
  write?: boolean;
  openPr?: boolean;
  /** keep one dashboard issue listing what is held back */
  dashboard?: boolean;
  /** the forge, repository, API URL and base branch (else from the environment and the origin remote) */
  pr?: ForgeOptions;
}

/** The propose JSON (plus the transitive pins added and removed, and the files the proposal changes). */
export type ProposeResult =
  | {
      ok: true;
      bumps: Bump[];
      heldBack: HeldBack[];
      /** the next majors of the members' direct dependencies that would break members (constrain forecast) */
      comingUp: ComingUp[];
      added: PinMove[];
      removed: PinMove[];
      /** the files the proposal changes (with --write or --open-pr): constraints, exported overrides, lockfile */
      files: string[];
      /** what could not be refreshed, and why */
      notes: string[];
      pr: PrResult | null;
      dashboard: PrResult | null;
      /** the forge talked to: GitHub, GitLab */
      forge: string | null;
      written: boolean;
    }
  | { ok: false; explanation: string; derivation: Derivation };

/** `constrain propose`: every bump that stays co-installable, why the rest cannot move, optionally one rolling PR. */
export async function propose(opts: ProposeOptions = {}): Promise<ProposeResult> {
  const session = await openSession(opts);
  const { inputs } = session;
  // engines bind the runtime closure: the names the current pins' graph installs for members' users
  // one store for both: the resolver reuses the packuments the current closure already fetched
  const store = await session.metadata();
  const current = await session.context();
  const runtime = runtimeNames(current.graph);
  const filter = proposePolicy(inputs.config, inputs.node, inputs.constraints, inputs.now, runtime);
  const plan = await planProposal(inputs, store, filter, { onProgress: opts.onProgress });
  if (!plan.ok) return { ok: false, explanation: renderDerivation(plan.derivation), derivation: plan.derivation };
  // what comes next: the majors beyond the proposal that would break members, from the same metadata
  const ahead = await forecastWith(inputs, current, { majorsOnly: true, directOnly: true });
  const comingUp = ahead.forecasts.flatMap((f) =>
    f.candidates
      .filter((c) => !c.safe && c.breaks.length > 0 && !(plan.pins.get(f.package) ?? []).some((v) => !semver.lt(v, c.version)))
      .map((c) => ({ package: f.package, version: c.version, members: c.breaks.map((b) => b.member) })),
  );
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
  let dashboard: PrResult | null = null;
  let forgeName: string | null = null;
  if (opts.openPr || opts.dashboard) {
    const { forge, base } = await discoverForge(inputs.root, opts.pr ?? {}, env);
    forgeName = forge.name;
    if (opts.openPr) {
      const n = plan.bumps.length;
      pr = await publishProposal(forge, {
        root: inputs.root,
        files,
        title: n > 0 ? `constrain: update ${n} dependency pin${n === 1 ? '' : 's'}` : 'constrain: refresh dependency pins',
        body: renderProposalMarkdown({ ...plan, comingUp }, { constraintsFile: inputs.constraints.file }),
        marker: PROPOSE_MARKER,
        branch: inputs.config.propose.branch,
        labels: inputs.config.propose.labels,
        ...(base ? { base } : {}),
      });
    }
    if (opts.dashboard) {
      dashboard = await publishDashboard(forge, {
        title: 'constrain: dependency dashboard',
        body: renderDashboard(plan.heldBack, comingUp),
        marker: DASHBOARD_MARKER,
        labels: inputs.config.propose.labels,
        empty: plan.heldBack.length === 0,
      });
    }
  }
  return { ok: true, bumps: plan.bumps, heldBack: plan.heldBack, comingUp, added: plan.added, removed: plan.removed, files: files.map((f) => f.path), notes, pr, dashboard, forge: forgeName, written };
}

export type { PinSet };
