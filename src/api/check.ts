import type { CheckContext } from '../check/context.js';
import { type CheckReport, runChecks } from '../check/run.js';
import { buildInstallGraph, memberEdges, pinVersions, referencedNames } from '../graph/build.js';
import { type CommonOptions, type Inputs, loadInputs } from '../load.js';
import { fetchClosure, MetadataStore } from '../registry/metadata-store.js';

/** Fetches the metadata `check` reads: every member edge's name, every pinned name, and the deps of pinned versions. */
export async function prefetchForCheck(inputs: Inputs, opts: CommonOptions, store = new MetadataStore()): Promise<MetadataStore> {
  const roots = new Set<string>();
  for (const e of memberEdges(inputs.workspace, inputs.config)) if (e.target === 'registry') roots.add(e.name);
  for (const name of inputs.constraints.byName.keys()) roots.add(name);
  const pins = pinVersions(inputs.constraints);
  const members = new Set(inputs.workspace.members.map((m) => m.name));
  await fetchClosure(
    inputs.registry,
    store,
    [...roots].filter((n) => !members.has(n)).sort(),
    (p) => {
      const out: string[] = [];
      for (const v of pins.get(p.name) ?? []) {
        const info = p.versions[v];
        if (info) out.push(...referencedNames(info));
      }
      return out.filter((n) => !members.has(n));
    },
    { before: inputs.before, onProgress: opts.onProgress },
  );
  return store;
}

export function checkContext(inputs: Inputs, store: MetadataStore): CheckContext {
  const graph = buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins: pinVersions(inputs.constraints), store });
  return {
    workspace: inputs.workspace,
    config: inputs.config,
    constraints: inputs.constraints,
    store,
    graph,
    node: inputs.node,
    today: inputs.now.toISOString().slice(0, 10),
  };
}

/** `constrain check`: the co-installability gate. Returns SPEC §4.5's JSON structure. */
export async function check(opts: CommonOptions = {}): Promise<CheckReport> {
  const inputs = await loadInputs(opts);
  const store = await prefetchForCheck(inputs, opts);
  return runChecks(checkContext(inputs, store));
}
