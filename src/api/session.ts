import type { CheckContext } from '../check/context.js';
import { buildInstallGraph, memberEdges, pinVersions, referencedNames } from '../graph/build.js';
import { type CommonOptions, type Inputs, loadInputs } from '../load.js';
import { fetchClosure, MetadataStore } from '../registry/metadata-store.js';
import { packumentBefore } from '../registry/slim.js';
import type { Packument } from '../registry/types.js';

/**
 * What every command that reads the pinned install starts from: the inputs (config, members, constraints, the
 * registry), the pinned closure's metadata fetched once, and the check context built on them. check, why, export,
 * propose and forecast all open one; the metadata and the context are built on first use, once.
 */
export interface Session {
  inputs: Inputs;
  metadata(): Promise<MetadataStore>;
  context(): Promise<CheckContext>;
}

export async function openSession(opts: CommonOptions): Promise<Session> {
  const inputs = await loadInputs(opts);
  let store: Promise<MetadataStore> | undefined;
  let ctx: Promise<CheckContext> | undefined;
  const metadata = () => {
    store ??= prefetchForCheck(inputs, opts);
    return store;
  };
  const context = () => {
    ctx ??= metadata().then((s) => checkContext(inputs, s));
    return ctx;
  };
  return { inputs, metadata, context };
}

/** Fetches the metadata `check` reads: every member edge's name, every pinned name, and the deps of pinned versions. */
export async function prefetchForCheck(inputs: Inputs, opts: CommonOptions, store = new MetadataStore()): Promise<MetadataStore> {
  const roots = new Set<string>();
  for (const e of memberEdges(inputs.workspace, inputs.config)) if (e.target === 'registry') roots.add(e.name);
  for (const name of inputs.constraints.byName.keys()) roots.add(name);
  const pins = pinVersions(inputs.constraints);
  const members = new Set(inputs.workspace.members.map((m) => m.name));
  const expand = (p: Packument) => {
    const out: string[] = [];
    for (const v of pins.get(p.name) ?? []) {
      const info = p.versions[v];
      if (info) out.push(...referencedNames(info));
    }
    return out.filter((n) => !members.has(n));
  };
  const fetchOpts = { before: inputs.before, onProgress: opts.onProgress };
  // a store reused across rounds (check --fix) already holds some packuments: follow their pins' dependencies too
  for (const name of store.names()) {
    const p = store.get(name);
    if (p) for (const n of expand(p)) roots.add(n);
  }
  // roots are registry edges and pins: a member's name among them is a copy an alias takes from the registry
  await fetchClosure(inputs.registry, store, [...roots].sort(), expand, fetchOpts);
  // a cached packument may predate a pin (published since): ask the registry before calling the pin missing
  const { registry } = inputs;
  if (registry.revalidate) {
    const stale = [...pins].filter(([name, versions]) => {
      const p = store.get(name);
      return p && versions.some((v) => !p.versions[v]);
    });
    const next: string[] = [];
    await Promise.all(
      stale.map(async ([name]) => {
        const fetched = await registry.revalidate!(name);
        const p = fetched && inputs.before ? packumentBefore(fetched, inputs.before) : fetched;
        store.set(name, p);
        if (p) next.push(...expand(p));
      }),
    );
    await fetchClosure(registry, store, next.sort(), expand, fetchOpts);
  }
  await inputs.registry.settle?.();
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

