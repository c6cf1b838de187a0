import semver from 'semver';
import type { CheckContext } from '../check/context.js';
import { applyPinFix, type Finding, findingIdentity } from '../check/finding.js';
import type { ForecastCandidate, ForecastEntry, ForecastResult } from '../check/forecast-types.js';
import { explainedCauses } from '../check/root-causes.js';
import { runChecks } from '../check/run.js';
import { withPins } from '../constraints/types.js';
import { buildInstallGraph, pinVersions, referencedNames } from '../graph/build.js';
import type { CommonOptions, Inputs } from '../load.js';
import { configRejection } from '../policy/candidates.js';
import { versionsNewestFirst } from '../policy/semver-cache.js';
import { fetchClosure } from '../registry/metadata-store.js';
import { codePointCompare } from '../util/compare.js';
import { matchesAny } from '../util/name-pattern.js';
import { openSession } from './session.js';

export interface ForecastOptions extends CommonOptions {
  /** names or patterns to forecast; default every pinned name with newer releases */
  names?: string[];
  /** only the next major of each name (propose's "Coming up") */
  majorsOnly?: boolean;
  /** only names the members require directly */
  directOnly?: boolean;
}

export type { ForecastBreak, ForecastCandidate, ForecastEntry, ForecastResult } from '../check/forecast-types.js';

/**
 * `constrain forecast`: for each pinned name with releases beyond its pins (the newest of its major, the next
 * major, the newest), which members break if that version alone were taken, and why. The bump is applied to the
 * pins with the pins its new dependencies need, and the same checks as `check` run on the result: a predicted break
 * is one `check` reports after that change, a predicted safe bump passes it (docs/reference.md, "forecast").
 */
export async function forecast(opts: ForecastOptions = {}): Promise<ForecastResult> {
  const session = await openSession(opts);
  return forecastWith(session.inputs, await session.context(), opts);
}

/** The forecast over inputs already loaded and their check context (propose shares its session's). */
export async function forecastWith(inputs: Inputs, base: CheckContext, opts: Omit<ForecastOptions, keyof CommonOptions> & Pick<CommonOptions, 'onProgress'> = {}): Promise<ForecastResult> {
  const { store } = base;
  const before = new Set(runChecks(base).findings.filter((f) => f.severity === 'error').map(findingIdentity));
  const direct = new Set(base.graph.edges.filter((e) => e.fromMember && e.target === 'registry').map((e) => e.name));
  const pins = pinVersions(inputs.constraints);
  const names = [...pins.keys()].filter((n) => (!opts.names?.length || matchesAny(opts.names, n)) && (!opts.directOnly || direct.has(n))).sort(codePointCompare);

  // the candidates of every name, then their metadata in parallel rounds
  const plans: { name: string; current: string[]; version: string; labels: ForecastCandidate['labels']; pins: Map<string, string[]>; checked?: { ctx: CheckContext; findings: Finding[] } }[] = [];
  for (const name of names) {
    const current = pins.get(name)!;
    for (const c of candidatesOf(store.get(name), current, opts.majorsOnly)) {
      const next = new Map(pins);
      const top = [...current].sort(semver.rcompare)[0]!;
      next.set(name, [...new Set([c.version, ...current.filter((v) => v !== top)])].sort(semver.rcompare));
      plans.push({ name, current, version: c.version, labels: c.labels, pins: next });
    }
  }
  const fetchOpts = { before: inputs.before, onProgress: opts.onProgress };
  const ctxFor = (p: Map<string, string[]>): CheckContext => ({
    ...base,
    constraints: withPins(inputs.constraints, p),
    graph: buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins: p, store }),
  });
  // the pins a bump's new dependencies need: add-only fixes, round after round, as check --fix adds them
  for (let round = 0; round < 20; round++) {
    const missing = new Set<string>();
    for (const plan of plans)
      for (const [n, vs] of plan.pins)
        for (const v of vs) {
          const info = store.get(n)?.versions[v];
          if (info) for (const dep of referencedNames(info)) if (!store.has(dep)) missing.add(dep);
        }
    if (missing.size > 0) await fetchClosure(inputs.registry, store, [...missing].sort(), () => [], fetchOpts);
    let added = false;
    for (const plan of plans) {
      const ctx = ctxFor(plan.pins);
      const findings = runChecks(ctx).findings;
      let changed = false;
      for (const f of findings) {
        if ((f.kind !== 'unpinned' && f.kind !== 'pin-outside-range') || !f.fix?.add || before.has(findingIdentity(f))) continue;
        // a member's own range that excludes the bump is the forecast, not something to fix
        if (f.requirements?.some((r) => r.path.length <= 1)) continue;
        if (applyPinFix(plan.pins, { add: f.fix.add })) changed = true;
      }
      // keep the checks of pins that did not change: the verdict below reads them
      plan.checked = changed ? undefined : { ctx, findings };
      added ||= changed;
    }
    if (!added && missing.size === 0) break;
  }

  const byName = new Map<string, ForecastEntry>();
  for (const plan of plans) {
    const ctx = plan.checked?.ctx ?? ctxFor(plan.pins);
    const fresh = (plan.checked?.findings ?? runChecks(ctx).findings).filter((f) => f.severity === 'error' && !before.has(findingIdentity(f)));
    const causes = explainedCauses(ctx, fresh);
    const brief = (f: Finding) => ({ kind: f.kind, package: f.package, message: f.message, ...(f.derivation ? { derivation: f.derivation } : {}) });
    // each member broken, with the findings of the causes that break it
    const byMember = new Map<string, Set<Finding>>();
    for (const { cause, findings } of causes) for (const m of cause.members) for (const f of findings) byMember.set(m, (byMember.get(m) ?? new Set()).add(f));
    const breaks = [...byMember].sort(([a], [b]) => codePointCompare(a, b)).map(([member, fs]) => ({ member, findings: fresh.filter((f) => fs.has(f)).map(brief) }));
    const members = new Set(byMember.keys());
    const p = store.get(plan.name);
    const rejection = configRejection(inputs.config, plan.name, plan.version);
    const policy: ForecastCandidate['policy'] = rejection
      ? [{ kind: rejection.kind, text: rejection.text, ...(rejection.position ? { file: rejection.position.file, line: rejection.position.line } : {}) }]
      : [];
    const changed: Record<string, string[]> = {};
    for (const [n, vs] of [...plan.pins].sort(([a], [b]) => codePointCompare(a, b))) if (JSON.stringify(vs) !== JSON.stringify(pins.get(n))) changed[n] = vs;
    const entry = byName.get(plan.name) ?? { package: plan.name, current: plan.current, candidates: [] };
    entry.candidates.push({
      version: plan.version,
      labels: plan.labels,
      published: p?.time[plan.version] ?? null,
      safe: fresh.length === 0,
      breaks,
      other: members.size === 0 ? fresh.map(brief) : [],
      policy,
      pins: changed,
    });
    byName.set(plan.name, entry);
  }
  return { forecasts: [...byName.values()] };
}

/** The releases worth forecasting beyond the current pins: the newest of the same major, of the next major, of all. */
function candidatesOf(p: ReturnType<CheckContext['store']['get']>, current: string[], majorsOnly?: boolean): { version: string; labels: ForecastCandidate['labels'] }[] {
  if (!p) return [];
  const top = [...current].sort(semver.rcompare)[0]!;
  const pre = !!semver.prerelease(top);
  const newer = versionsNewestFirst(p).filter((v) => semver.gt(v, top) && (pre || !semver.prerelease(v)) && !p.versions[v]?.deprecated);
  const found = new Map<string, ForecastCandidate['labels']>();
  const add = (v: string | undefined, label: ForecastCandidate['labels'][number]) => {
    if (v) found.set(v, [...(found.get(v) ?? []), label]);
  };
  if (!majorsOnly) add(newer.find((v) => semver.major(v) === semver.major(top)), 'minor');
  add(newer.find((v) => semver.major(v) === semver.major(top) + 1), 'major');
  if (!majorsOnly) add(newer[0], 'newest');
  return [...found].sort(([a], [b]) => semver.compare(a, b)).map(([version, labels]) => ({ version, labels }));
}
