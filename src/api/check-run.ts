import { relative, resolve } from 'node:path';
import { applyPinFix, compareFindings, type Finding, findingIdentity } from '../check/finding.js';
import { lockfileFindings } from '../check/lockfile-findings.js';
import { rootCauses } from '../check/root-causes.js';
import { type CheckReport, runChecks, summarize } from '../check/run.js';
import { upgradeFindings } from '../check/upgrade-findings.js';
import { pinChanges } from '../constraints/pin-changes.js';
import { pinVersions } from '../graph/build.js';
import type { CommonOptions, Inputs } from '../load.js';
import { fetchClosure, type MetadataStore } from '../registry/metadata-store.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { codePointCompare } from '../util/compare.js';
import { constrainVersion } from '../version.js';
import type { CheckOptions } from './check.js';
import { keepSnapshot } from './check-snapshot.js';
import { checkContext, openSession, prefetchForCheck } from './session.js';

/** A check computed from the inputs (check.ts answers first from the last report when it can); `plainOptions`: none that reads more. */
export async function computeCheck(opts: CheckOptions, plainOptions: boolean): Promise<CheckReport> {
  const session = await openSession(opts);
  const plain = plainOptions && !session.inputs.config.prior;
  let { inputs } = session;
  let store = await session.metadata();
  let fixed: CheckReport['fixed'];
  if (opts.fix) ({ inputs, store, fixed } = await applyFixes(inputs, store, opts));
  const ctx = checkContext(inputs, store);
  const findings = runChecks(ctx).findings;
  const against = opts.against ?? inputs.config.prior;
  if (against) findings.push(...(await upgradeCheck(inputs, store, against, opts)));
  if (opts.lockfile) {
    const abs = resolve(inputs.root, opts.lockfile);
    // lockfile readers load npm's arborist: only for --lockfile
    const { readLockfile } = await import('../lockfile/read.js');
    const lock = await readLockfile(abs, relative(inputs.root, abs) || opts.lockfile);
    findings.push(...lockfileFindings(lock, inputs.constraints, new Set(inputs.workspace.members.map((m) => m.name))));
  }
  const report = { ...summarize(ctx, findings.sort(compareFindings)), ...(fixed ? { fixed } : {}) };
  const final = opts.baseline ? await applyBaseline(report, opts.baseline, inputs, opts) : report;
  const causes = rootCauses(ctx, final.findings);
  const result = causes.length > 0 ? { ...final, rootCauses: causes } : final;
  if (plain) await keepSnapshot(inputs, opts, store, result, constrainVersion());
  return result;
}

/**
 * `check --fix`: applies the fixes findings carry (add a pin an edge needs, remove pins nothing reaches, sort),
 * round after round, since a new pin's own dependencies need pins too; writes the constraints file atomically,
 * comments kept. Fixes that could break what works (moving a shared pin, widening a range) are left to people.
 */
async function applyFixes(inputs: Inputs, store: MetadataStore, opts: CommonOptions): Promise<{ inputs: Inputs; store: MetadataStore; fixed: NonNullable<CheckReport['fixed']> }> {
  const [{ parseConstraints }, { renderConstraints }] = await Promise.all([import('../constraints/parse-yaml.js'), import('../constraints/write.js')]);
  const original = inputs.constraints;
  let current = inputs;
  for (let round = 0; round < 20; round++) {
    const findings = runChecks(checkContext(current, store)).findings;
    const pins = pinVersions(current.constraints);
    for (const f of findings) if (f.fix) applyPinFix(pins, f.fix);
    const sorted = new Map([...pins].sort(([a], [b]) => codePointCompare(a, b)));
    const text = renderConstraints(current.constraints.text, sorted);
    if (text === current.constraints.text) break;
    await writeFileAtomic(current.constraintsPath, text);
    current = { ...current, constraints: parseConstraints(current.constraints.file, text) };
    store = await prefetchForCheck(current, opts, store);
  }
  return { inputs: current, store, fixed: pinChanges(original, pinVersions(current.constraints)) };
}

async function upgradeCheck(inputs: Inputs, store: MetadataStore, against: string, opts: CommonOptions): Promise<Finding[]> {
  const { priorFromGit, priorFromRegistry, releaseOf } = await import('./prior-release.js');
  const head = releaseOf('HEAD', inputs.workspace, inputs.config, store);
  const { release: prior, notes } =
    against === 'registry' ? await priorFromRegistry(inputs, store) : { ...(await priorFromGit(against, opts, inputs)), notes: [] as Finding[] };
  // every name both sides require must be known to tell whether their ranges overlap
  const names = new Set<string>();
  for (const m of [...head.members, ...prior.members]) for (const e of m.edges) if (e.target === 'registry') names.add(e.name);
  await fetchClosure(inputs.registry, store, [...names].sort(), () => [], { before: inputs.before });
  return [...notes, ...upgradeFindings(head, prior, store, inputs.config)];
}

/** Findings are the same across refs when kind, package, file and message are. */
async function applyBaseline(report: CheckReport, ref: string, inputs: Inputs, opts: CommonOptions): Promise<CheckReport> {
  const { priorFromGit } = await import('./prior-release.js');
  const { inputs: at } = await priorFromGit(ref, opts, inputs);
  // its own store: the ref pins other versions, whose dependencies must be fetched too
  const atStore = await prefetchForCheck(at, opts);
  const before = new Set(runChecks(checkContext(at, atStore)).findings.map(findingIdentity));
  const fresh = report.findings.filter((f) => !before.has(findingIdentity(f)));
  const errors = fresh.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    summary: { ...report.summary, errors, warnings: fresh.filter((f) => f.severity === 'warning').length },
    findings: fresh,
    baseline: { ref, suppressed: report.findings.length - fresh.length },
  };
}
