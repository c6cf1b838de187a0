import type { Finding } from '../check/finding.js';
import { makeFinding } from '../check/finding.js';
import type { Release, ReleasedMember } from '../check/upgrade-findings.js';
import type { Config } from '../config/types.js';
import { GitSource } from '../git/git.js';
import { memberEdges } from '../graph/build.js';
import { classifySpec } from '../graph/spec.js';
import type { Edge } from '../graph/types.js';
import { type CommonOptions, type Inputs, loadInputs } from '../load.js';
import { publishedDependencies } from '../model/npm-model.js';
import { fetchClosure, type MetadataStore } from '../registry/metadata-store.js';
import { groupBy } from '../util/group-by.js';
import type { Workspace } from '../workspace/members.js';

/** A workspace as a release: each member's version and requirements. */
export function releaseOf(label: string, workspace: Workspace, config: Config, store?: MetadataStore): Release {
  const edges = groupBy(memberEdges(workspace, config, store), (e) => e.from);
  return {
    label,
    members: workspace.members.map(
      (m): ReleasedMember => ({
        name: m.name,
        version: m.version,
        file: m.manifest.file,
        ...(m.manifest.versionLine ? { versionLine: m.manifest.versionLine } : {}),
        edges: edges.get(m.name) ?? [],
      }),
    ),
  };
}

/** The prior release at a git ref: members, package.json files and constraints read with git, the work tree untouched. */
export async function priorFromGit(ref: string, opts: CommonOptions, inputs: Inputs): Promise<{ release: Release; inputs: Inputs }> {
  const source = await GitSource.open(inputs.root, ref);
  const at = await loadInputs({ ...opts, registryImpl: inputs.registry }, source);
  return { release: releaseOf(ref, at.workspace, at.config), inputs: at };
}

/**
 * The prior release on the registry: each member's latest published version and its published dependencies.
 * Members never published are skipped with an info finding.
 */
export async function priorFromRegistry(inputs: Inputs, store: MetadataStore): Promise<{ release: Release; notes: Finding[] }> {
  const names = inputs.workspace.members.map((m) => m.name);
  await fetchClosure(inputs.registry, store, names, () => [], { before: inputs.before });
  const memberDirs = new Map(inputs.workspace.members.map((m) => [m.name, m.dir]));
  const members: ReleasedMember[] = [];
  const notes: Finding[] = [];
  for (const m of inputs.workspace.members) {
    const p = store.get(m.name);
    const latest = p?.distTags.latest;
    const info = latest ? p?.versions[latest] : undefined;
    if (!p || !latest || !info) {
      notes.push(
        makeFinding('unmanaged', {
          package: m.name,
          message: `${m.name} was never published, so --against registry has no prior release of it to compare`,
          file: m.manifest.file,
          line: 1,
        }),
      );
      continue;
    }
    const edges: Edge[] = [];
    for (const { name, spec, type } of publishedDependencies(info)) {
      const t = classifySpec(name, spec, { members: memberDirs });
      const base = { from: m.name, fromMember: true, spec, type, path: [m.name] };
      if (t.kind === 'registry') edges.push({ ...base, name: t.name, range: t.range, target: 'registry' });
      else if (t.kind === 'internal') edges.push({ ...base, name: t.member, range: t.range, target: 'internal' });
    }
    members.push({ name: m.name, version: latest, edges });
  }
  return { release: { label: 'registry', members }, notes };
}
