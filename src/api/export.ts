import { join } from 'node:path';
import type { PinSet } from '../constraints/types.js';
import { InputError } from '../errors.js';
import { type ExportTarget, mergeOverrides, ownsOverrideKey, planOverrides, type ScopedEdge } from '../export/overrides.js';
import { buildInstallGraph, memberEdges, pinVersions } from '../graph/build.js';
import type { InstallGraph } from '../graph/types.js';
import type { CommonOptions, Inputs } from '../load.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { FsSource } from '../source/file-source.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { parseYamlDocument } from '../util/yaml-source.js';
import { openSession } from './session.js';

export interface ExportOptions extends CommonOptions {
  to: ExportTarget;
  write?: boolean;
  /** report drift between the file and the constraints instead of writing */
  check?: boolean;
}

export interface ExportResult {
  target: ExportTarget;
  /** the file written (or that would be) */
  file: string;
  /** the key path inside it: overrides, pnpm.overrides, resolutions */
  field: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** keys added, changed or removed */
  drift: { key: string; from: unknown; to: unknown }[];
  skipped: { name: string; reason: string }[];
  /** the overrides are confined to the pinned closure, because members depend on packages outside it */
  scoped: boolean;
  /** the member dependencies outside the pinned closure that made the overrides scoped */
  outside: { member: string; name: string; spec: string }[];
  written: boolean;
}

/** An export computed but not written: the result, and the file's new text. */
export interface ExportPlan extends Omit<ExportResult, 'written'> {
  text: string;
}

/** `constrain export --to npm|pnpm|yarn`: writes the pins where the package manager honours them. */
export async function exportPins(opts: ExportOptions): Promise<ExportResult> {
  const session = await openSession(opts);
  const { inputs } = session;
  const plan = await planExport(inputs, pinVersions(inputs.constraints), opts.to, session.metadata);
  let written = false;
  if (opts.write && !opts.check && plan.drift.length > 0) {
    await writeFileAtomic(join(inputs.root, plan.file), plan.text);
    written = true;
  }
  const { text: _text, ...result } = plan;
  return { ...result, written };
}

/**
 * The export of `pins` to one package manager's file, as it would be written. `metadata` supplies the pinned
 * graph's metadata, asked for only when the export needs the graph (scoped overrides, yarn's descriptors).
 */
export async function planExport(
  inputs: Inputs,
  pins: PinSet,
  to: ExportTarget,
  metadata: () => Promise<MetadataStore>,
  /** files already rewritten by an earlier export (npm and yarn share package.json) */
  pending: ReadonlyMap<string, string> = new Map(),
): Promise<ExportPlan> {
  const members = new Set(inputs.workspace.members.map((m) => m.name));
  const root = inputs.workspace.rootManifest;
  const rootDirect = new Set(root?.dependencies.map((d) => d.name) ?? []);
  // members that depend on packages outside the pinned closure (file:, git, tarball): plain name overrides
  // would rewrite those subtrees too, so every override is scoped under the dependent that needs it
  const outside = memberEdges(inputs.workspace, inputs.config)
    .filter((e) => e.target === 'unmanaged')
    .map((e) => ({ member: e.from, name: e.name, spec: e.spec }));
  const scoped = outside.length > 0;
  if (scoped && to === 'yarn') {
    const list = outside.map((o) => `${o.member} → ${o.name} (${o.spec})`).join(', ');
    throw new InputError(
      `export --to yarn: members depend on packages outside the pinned closure (${list}), and yarn resolutions cannot be confined to the pinned packages, so they would rewrite those subtrees too; use npm or pnpm overrides, or publish those dependencies to a registry`,
    );
  }
  let graph: InstallGraph | undefined;
  // pnpm installs a published package's dependency on a member's name from the registry: those edges are overridden
  const memberCopies = to === 'pnpm' && [...pins.keys()].some((n) => members.has(n));
  if (scoped || memberCopies || (to === 'yarn' && [...pins.values()].some((v) => v.length > 1))) {
    graph = buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins, store: await metadata() });
  }
  // yarn selects by exact descriptor: which ranges reach each multi-pinned name, and the pin each gets
  const rangesByName = new Map<string, Map<string, string>>();
  if (to === 'yarn' && graph) {
    for (const e of graph.edges) {
      if (e.target !== 'registry' || e.resolved === undefined || (pins.get(e.name)?.length ?? 0) < 2) continue;
      const m = rangesByName.get(e.name) ?? new Map<string, string>();
      m.set(e.spec.startsWith('npm:') ? e.range : e.spec, e.resolved);
      rangesByName.set(e.name, m);
    }
  }
  const rootMember = inputs.workspace.members.find((m) => m.dir === '.')?.name;
  const edges = graph ? scopedEdges(graph) : [];
  const plan = planOverrides(to, pins, { members, rootDirect, rangesByName, rootMember, ...(scoped ? { scope: edges } : {}), ...(memberCopies ? { memberCopies: edges.filter((e) => members.has(e.name)) } : {}) });
  const pinned = new Set([...pins.keys(), ...inputs.constraints.byName.keys()]);
  const owns = (key: string) => ownsOverrideKey(key, pinned, members);

  const holder = await overridesHolder(inputs.root, to, pending);
  const after = mergeOverrides(holder.before, plan, owns);
  const drift: ExportResult['drift'] = [];
  for (const k of new Set([...Object.keys(holder.before), ...Object.keys(after)])) {
    if (JSON.stringify(holder.before[k]) !== JSON.stringify(after[k])) drift.push({ key: k, from: holder.before[k] ?? null, to: after[k] ?? null });
  }
  const orderChanged = JSON.stringify(Object.keys(holder.before).filter(owns)) !== JSON.stringify(plan.entries.map(([k]) => k));
  if (drift.length === 0 && orderChanged) drift.push({ key: '(order)', from: null, to: null });
  return { target: to, file: holder.file, field: holder.field, before: holder.before, after, drift, skipped: plan.skipped, scoped, outside, text: holder.render(after) };
}

/** Where a package manager keeps its overrides, what they are now, and how the file reads with new ones. */
async function overridesHolder(
  root: string,
  to: ExportTarget,
  pending: ReadonlyMap<string, string> = new Map(),
): Promise<{ file: string; field: string; before: Record<string, unknown>; render: (after: Record<string, unknown>) => string }> {
  const fs = new FsSource(root);
  const source = { readText: async (rel: string) => pending.get(rel) ?? (await fs.readText(rel)) };
  const pnpmYaml = to === 'pnpm' ? await source.readText('pnpm-workspace.yaml') : undefined;
  if (pnpmYaml !== undefined && /^overrides:/m.test(pnpmYaml)) {
    // pnpm 10 keeps overrides in pnpm-workspace.yaml once they are there
    const doc = parseYamlDocument(pnpmYaml);
    const before = (doc.get('overrides') as { toJSON?: () => Record<string, unknown> } | undefined)?.toJSON?.() ?? {};
    return {
      file: 'pnpm-workspace.yaml',
      field: 'overrides',
      before,
      render: (after) => {
        doc.set('overrides', doc.createNode(after));
        return doc.toString();
      },
    };
  }
  const text = (await source.readText('package.json')) ?? '{}\n';
  const json = JSON.parse(text) as Record<string, unknown>;
  const holder = to === 'pnpm' ? ((json.pnpm as Record<string, unknown> | undefined) ?? {}) : json;
  const key = to === 'yarn' ? 'resolutions' : 'overrides';
  const indent = /^\{\n(\s+)"/.exec(text)?.[1] ?? '  ';
  return {
    file: 'package.json',
    field: to === 'npm' ? 'overrides' : to === 'pnpm' ? 'pnpm.overrides' : 'resolutions',
    before: (holder[key] as Record<string, unknown> | undefined) ?? {},
    render: (after) => {
      const out = { ...json };
      if (to === 'pnpm') out.pnpm = { ...holder, overrides: after };
      else out[key] = after;
      return `${JSON.stringify(out, null, indent)}\n`;
    },
  };
}

/**
 * The package managers whose overrides already carry constrain's pins: a proposal re-exports to each of them,
 * so the overrides never drift from the pins the pull request moves.
 */
export async function exportTargetsInUse(inputs: Inputs): Promise<ExportTarget[]> {
  const members = new Set(inputs.workspace.members.map((m) => m.name));
  const pinned = new Set(inputs.constraints.byName.keys());
  const owned = (o: unknown) => !!o && typeof o === 'object' && Object.keys(o).some((k) => ownsOverrideKey(k, pinned, members));
  const out: ExportTarget[] = [];
  for (const to of ['npm', 'pnpm', 'yarn'] as const) if (owned((await overridesHolder(inputs.root, to)).before)) out.push(to);
  return out;
}

/** The pinned graph's edges that a real install must resolve to their pins (aliases keep their own key). */
function scopedEdges(graph: InstallGraph): ScopedEdge[] {
  return graph.edges
    .filter((e) => e.target === 'registry' && e.resolved !== undefined && !e.skipped && !e.spec.startsWith('npm:'))
    .map((e) => ({ parent: e.from, parentIsMember: e.fromMember, name: e.name, pin: e.resolved! }));
}
