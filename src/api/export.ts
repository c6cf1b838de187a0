import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { type ExportTarget, mergeOverrides, ownsOverrideKey, planOverrides, type ScopedEdge } from '../export/overrides.js';
import { buildInstallGraph, memberEdges, pinVersions } from '../graph/build.js';
import type { InstallGraph } from '../graph/types.js';
import { type CommonOptions, loadInputs } from '../load.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { FsSource } from '../workspace/file-source.js';
import { prefetchForCheck } from './check.js';

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

/** `constrain export --to npm|pnpm|yarn`: writes the pins where the package manager honours them. */
export async function exportPins(opts: ExportOptions): Promise<ExportResult> {
  const inputs = await loadInputs(opts);
  const pins = pinVersions(inputs.constraints);
  const members = new Set(inputs.workspace.members.map((m) => m.name));
  const root = inputs.workspace.rootManifest;
  const rootDirect = new Set(root?.dependencies.map((d) => d.name) ?? []);
  // members that depend on packages outside the pinned closure (file:, git, tarball): plain name overrides
  // would rewrite those subtrees too, so every override is scoped under the dependent that needs it
  const outside = memberEdges(inputs.workspace, inputs.config)
    .filter((e) => e.target === 'unmanaged')
    .map((e) => ({ member: e.from, name: e.name, spec: e.spec }));
  const scoped = outside.length > 0;
  if (scoped && opts.to === 'yarn') {
    const list = outside.map((o) => `${o.member} → ${o.name} (${o.spec})`).join(', ');
    throw new InputError(
      `export --to yarn: members depend on packages outside the pinned closure (${list}), and yarn resolutions cannot be confined to the pinned packages, so they would rewrite those subtrees too; use npm or pnpm overrides, or publish those dependencies to a registry`,
    );
  }
  let graph: InstallGraph | undefined;
  const needGraph = scoped || (opts.to === 'yarn' && [...pins.values()].some((v) => v.length > 1));
  if (needGraph) {
    const store = await prefetchForCheck(inputs, opts);
    graph = buildInstallGraph({ workspace: inputs.workspace, config: inputs.config, pins, store });
  }
  // yarn selects by exact descriptor: which ranges reach each multi-pinned name, and the pin each gets
  const rangesByName = new Map<string, Map<string, string>>();
  if (opts.to === 'yarn' && graph) {
    for (const e of graph.edges) {
      if (e.target !== 'registry' || e.resolved === undefined || (pins.get(e.name)?.length ?? 0) < 2) continue;
      const m = rangesByName.get(e.name) ?? new Map<string, string>();
      m.set(e.spec.startsWith('npm:') ? e.range : e.spec, e.resolved);
      rangesByName.set(e.name, m);
    }
  }
  const rootMember = inputs.workspace.members.find((m) => m.dir === '.')?.name;
  const plan = planOverrides(opts.to, pins, { members, rootDirect, rangesByName, rootMember, ...(scoped && graph ? { scope: scopedEdges(graph) } : {}) });
  const owns = (key: string) => ownsOverrideKey(key, new Set(pins.keys()), members);

  const source = new FsSource(inputs.root);
  const pnpmYaml = opts.to === 'pnpm' ? await source.readText('pnpm-workspace.yaml') : undefined;
  const usePnpmYaml = pnpmYaml !== undefined && /^overrides:/m.test(pnpmYaml);
  const file = usePnpmYaml ? 'pnpm-workspace.yaml' : 'package.json';
  const field = usePnpmYaml ? 'overrides' : opts.to === 'npm' ? 'overrides' : opts.to === 'pnpm' ? 'pnpm.overrides' : 'resolutions';
  const text = usePnpmYaml ? pnpmYaml! : ((await source.readText('package.json')) ?? '{}\n');
  let before: Record<string, unknown>;
  let render: (after: Record<string, unknown>) => string;
  if (usePnpmYaml) {
    const doc = parseDocument(text);
    before = (doc.get('overrides') as { toJSON?: () => Record<string, unknown> } | undefined)?.toJSON?.() ?? {};
    render = (after) => {
      doc.set('overrides', doc.createNode(after));
      return doc.toString();
    };
  } else {
    const json = JSON.parse(text) as Record<string, unknown>;
    const holder = opts.to === 'pnpm' ? ((json.pnpm as Record<string, unknown> | undefined) ?? {}) : json;
    const key = opts.to === 'yarn' ? 'resolutions' : 'overrides';
    before = (holder[key] as Record<string, unknown> | undefined) ?? {};
    const indent = /^\{\n(\s+)"/.exec(text)?.[1] ?? '  ';
    render = (after) => {
      if (opts.to === 'pnpm') json.pnpm = { ...holder, overrides: after };
      else json[key] = after;
      return `${JSON.stringify(json, null, indent)}\n`;
    };
  }
  const after = mergeOverrides(before, plan, owns);
  const drift: ExportResult['drift'] = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) drift.push({ key: k, from: before[k] ?? null, to: after[k] ?? null });
  }
  const orderChanged = JSON.stringify(Object.keys(before).filter(owns)) !== JSON.stringify(plan.entries.map(([k]) => k));
  if (drift.length === 0 && orderChanged) drift.push({ key: '(order)', from: null, to: null });
  let written = false;
  if (opts.write && !opts.check && drift.length > 0) {
    await writeFileAtomic(join(inputs.root, file), render(after));
    written = true;
  }
  return { target: opts.to, file, field, before, after, drift, skipped: plan.skipped, scoped, outside, written };
}

/** The pinned graph's edges that a real install must resolve to their pins (aliases keep their own key). */
function scopedEdges(graph: InstallGraph): ScopedEdge[] {
  return graph.edges
    .filter((e) => e.target === 'registry' && e.resolved !== undefined && !e.skipped && !e.spec.startsWith('npm:'))
    .map((e) => ({ parent: e.from, parentIsMember: e.fromMember, name: e.name, pin: e.resolved! }));
}
