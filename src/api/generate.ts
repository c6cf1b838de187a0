import { type PinChange, type PinValue, pinChanges, pinValue } from '../constraints/pin-changes.js';
import type { Constraints } from '../constraints/types.js';
import { renderConstraints } from '../constraints/write.js';
import { buildInstallGraph } from '../graph/build.js';
import { runtimeNames } from '../graph/runtime.js';
import { type CommonOptions, loadInputs } from '../load.js';
import { resolverPolicy } from '../policy/candidates.js';
import { MetadataStore } from '../registry/metadata-store.js';
import { renderDerivation } from '../report/derivation.js';
import { type ResolveStats, resolveWorkspace } from '../resolve/solve-workspace.js';
import type { Derivation } from '../solver/derivation.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { matchesAny } from '../util/name-pattern.js';

/** The generate JSON (docs/reference.md), plus what the CLI shows. */
export type GenerateResult =
  | { ok: true; pins: Record<string, PinValue>; changes: PinChange[]; written: boolean; stats: ResolveStats }
  | { ok: false; explanation: string; derivation: Derivation; stats: ResolveStats };

export interface GenerateOptions extends CommonOptions {
  write?: boolean;
  /**
   * Take newer versions on purpose: `true` for every name, or the names (patterns such as "@babel/*") to move.
   * Without it, every current pin that still fits is kept and only what an edit requires changes.
   */
  upgrade?: boolean | string[];
}

/** The current pins generate keeps where they still fit: all of them, less the names being upgraded. */
export function keptPins(constraints: Constraints, upgrade: GenerateOptions['upgrade']): Map<string, string[]> {
  const kept = new Map<string, string[]>();
  if (upgrade === true || (Array.isArray(upgrade) && upgrade.length === 0)) return kept;
  for (const [name, pins] of constraints.byName) if (!matchesAny(upgrade || [], name)) kept.set(name, pins.map((p) => p.version));
  return kept;
}

/**
 * `constrain generate`: a co-installable pin set for the whole closure. Current pins that still fit are kept
 * (like `uv lock`); new or broken ones get the newest version the rest allows; `upgrade` moves names on purpose.
 * `write` rewrites the file.
 */
export async function generate(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const inputs = await loadInputs(opts);
  const store = new MetadataStore();
  const prefer = keptPins(inputs.constraints, opts.upgrade);
  // engines bind the runtime closure only: solve, see which names the members' users install, solve again
  let runtime = new Set<string>();
  let outcome: Awaited<ReturnType<typeof resolveWorkspace>>;
  for (let pass = 0; ; pass++) {
    outcome = await resolveWorkspace(
      { workspace: inputs.workspace, config: inputs.config, store, filter: resolverPolicy(inputs.config, inputs.node, runtime), prefer },
      inputs.registry,
      { before: inputs.before, onProgress: opts.onProgress },
    );
    if (!outcome.ok || !inputs.node || pass === 3) break;
    const next = runtimeNames(buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins: outcome.pins, store }));
    if ([...next].every((n) => runtime.has(n))) break;
    runtime = new Set([...runtime, ...next]);
  }
  if (!outcome.ok) return { ok: false, explanation: renderDerivation(outcome.derivation), derivation: outcome.derivation, stats: outcome.stats };
  const changes = pinChanges(inputs.constraints, outcome.pins);
  let written = false;
  if (opts.write) {
    const text = renderConstraints(inputs.constraints.text, outcome.pins);
    if (text !== inputs.constraints.text) {
      await writeFileAtomic(inputs.constraintsPath, text);
      written = true;
    }
  }
  const pins: Record<string, PinValue> = {};
  for (const [name, versions] of outcome.pins) pins[name] = pinValue(versions);
  return { ok: true, pins, changes, written, stats: outcome.stats };
}
