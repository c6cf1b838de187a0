import type { Config, DependencyType } from '../config/types.js';
import type { Constraints } from '../constraints/types.js';
import { effectiveDeclarations, installsMemberPeer, optionalDependencyInstalled, peerPlace, publishedDependencies, resolvePin } from '../model/npm-model.js';
import { satisfies } from '../policy/semver-cache.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import type { VersionInfo } from '../registry/types.js';
import { codePointCompare } from '../util/compare.js';
import { getOrMake } from '../util/memo-map.js';
import type { Member, Workspace } from '../workspace/members.js';
import { classifySpec, type SpecContext, type SpecTarget } from './spec.js';
import { type Edge, type GraphNode, type InstallGraph, isAliasEdge, nodeId, type PeerCheck } from './types.js';

export interface GraphInput {
  workspace: Workspace;
  config: Config;
  pins: Map<string, string[]>;
  store: MetadataStore;
}

/** Pin versions by name, from the constraints file. */
export function pinVersions(constraints: Constraints): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, pins] of constraints.byName) out.set(name, pins.map((p) => p.version));
  return out;
}

/** Member edges as declared, in a stable order: members by name, then dependency type order, then name. */
export function memberEdges(workspace: Workspace, config: Config, store?: MetadataStore): Edge[] {
  const members = new Map(workspace.members.map((m) => [m.name, m.dir]));
  const memberVersions = new Map(workspace.members.map((m) => [m.name, m.version]));
  const edges: Edge[] = [];
  for (const member of [...workspace.members].sort((a, b) => codePointCompare(a.name, b.name))) {
    const effective = effectiveDeclarations(member.manifest.dependencies.filter((d) => config.dependencyTypes.includes(d.type)));
    for (const dep of member.manifest.dependencies) {
      if (!effective.has(dep)) continue;
      const ctx: SpecContext = { members, memberVersions, dependentDir: member.dir, catalogs: workspace.catalogs, overrides: workspace.overrides, position: { file: dep.file, line: dep.line, col: dep.col } };
      const e = makeEdge(member.name, true, dep.name, dep.spec, dep.type, [member.name], ctx, store, { file: dep.file, line: dep.line, col: dep.col });
      if (dep.type === 'peerDependencies' && !installsMemberPeer(workspace.packageManager, member.manifest.peerOptional.has(dep.name))) e.optionalPeer = true;
      edges.push(e);
    }
  }
  return edges;
}

function makeEdge(
  from: string,
  fromMember: boolean,
  name: string,
  spec: string,
  type: DependencyType,
  path: string[],
  ctx: SpecContext,
  store: MetadataStore | undefined,
  where: { file?: string; line?: number; col?: number } = {},
  classified?: Map<string, SpecTarget>,
): Edge {
  // published specs repeat across a closure: classified once per (name, spec) when the caller keeps a memo
  const t = classified ? getOrMake(classified, `${name}\0${spec}`, () => classifySpec(name, spec, ctx)) : classifySpec(name, spec, ctx);
  const base = { from, fromMember, spec, type, path, ...where };
  switch (t.kind) {
    case 'registry':
      return { ...base, name: t.name, range: t.range, target: 'registry' };
    case 'internal':
      return { ...base, name: t.member, range: t.range, target: 'internal' };
    case 'unmanaged':
      return { ...base, name, range: spec, target: 'unmanaged', unmanagedReason: t.reason };
    case 'tag': {
      // a plain root override is what npm installs for the tag, whatever the registry serves under it
      const version = ctx.overrides?.[t.name] ?? store?.get(t.name)?.distTags[t.tag];
      return { ...base, name: t.name, range: version ?? '<0.0.0-0', target: 'registry', tag: t.tag, unknownTag: version === undefined };
    }
  }
}

/** Registry names a version's dependencies reach (npm: aliases followed), for prefetching the closure. */
export function referencedNames(info: VersionInfo): string[] {
  const out: string[] = [];
  for (const d of publishedDependencies(info)) {
    const t = classifySpec(d.name, d.spec, { members: new Map() });
    if (t.kind === 'registry' || t.kind === 'tag') out.push(t.name);
  }
  return out;
}

/**
 * Builds the install graph of docs/reference.md: edges start at members; each resolves to the highest pin of its name
 * that satisfies its range; from each resolved version its dependencies, optional and peer dependencies are
 * followed. Pure: reads the metadata store, never fetches.
 */
export function buildInstallGraph(input: GraphInput): InstallGraph {
  const { workspace, config, pins, store } = input;
  const members = new Map(workspace.members.map((m) => [m.name, m.dir]));
  const memberByName = new Map<string, Member>(workspace.members.map((m) => [m.name, m]));
  const nodes = new Map<string, GraphNode>();
  const edges: Edge[] = [];
  const peerChecks: PeerCheck[] = [];
  const usedPins = new Set<string>();
  const missing = new Set<string>();
  const queue: GraphNode[] = [];
  const peerEdgeAdded = new Set<string>();

  const declared = memberEdges(workspace, config, store);
  // a member's optional peer is looked at once the rest is built: it binds only if another member installs the name
  const optionalPeers = declared.filter((e) => e.optionalPeer && e.target === 'registry');
  const seedEdges = declared.filter((e) => !optionalPeers.includes(e));
  // a published package's dependency on a member's name links the member, except under pnpm (docs/resolver.md)
  const publishedCtx: SpecContext = { members: workspace.packageManager.linksMembersDeep ? members : new Map(), overrides: workspace.overrides };
  const classified = new Map<string, SpecTarget>();
  // what the members resolve each name to (first member edge, in stable order, that resolves)
  const memberResolution = new Map<string, Edge>();

  // the first registry edge from each dependent to each name, as edges are added (peers look theirs up)
  const firstEdge = new Map<string, Edge>();
  const addEdge = (edge: Edge) => {
    edges.push(edge);
    const key = `${edge.from}\0${edge.name}`;
    // a skipped optional dependency installs nothing: the dependent's peers look past it
    if (edge.target === 'registry' && !edge.skipped && !isAliasEdge(edge) && !firstEdge.has(key)) firstEdge.set(key, edge);
  };

  const visit = (edge: Edge) => {
    addEdge(edge);
    if (edge.target !== 'registry') return;
    edge.resolved = resolvePin(pins.get(edge.name), edge.range);
    if (edge.resolved === undefined) return;
    const id = nodeId(edge.name, edge.resolved);
    usedPins.add(id);
    let node = nodes.get(id);
    if (!node) {
      node = { name: edge.name, version: edge.resolved, path: [...edge.path, id] };
      nodes.set(id, node);
      queue.push(node);
    }
  };

  for (const e of seedEdges) {
    visit(e);
    if (e.fromMember && e.target === 'registry' && !isAliasEdge(e) && e.resolved !== undefined && !memberResolution.has(e.name)) memberResolution.set(e.name, e);
  }

  // peers of packages that members depend on directly are checked in the member's context
  const pendingPeers: Edge[] = seedEdges.filter((e) => e.resolved !== undefined);

  const versionInfo = (name: string, version: string): VersionInfo | undefined => {
    const p = store.get(name);
    const info = p?.versions[version];
    if (!info) missing.add(nodeId(name, version));
    return info;
  };

  const seedFirst = new Map<string, Edge>();
  for (const e of seedEdges) if (e.target === 'registry' && !isAliasEdge(e) && !seedFirst.has(`${e.from}\0${e.name}`)) seedFirst.set(`${e.from}\0${e.name}`, e);
  const dependentEdgeTo = (via: Edge, peer: string): Edge | undefined => {
    if (via.fromMember) return memberByName.has(via.from) ? seedFirst.get(`${via.from}\0${peer}`) : undefined;
    return firstEdge.get(`${via.from}\0${peer}`);
  };

  const checkPeers = (via: Edge) => {
    const info = versionInfo(via.name, via.resolved!);
    if (!info) return;
    const id = nodeId(via.name, via.resolved!);
    const path = [...via.path, id];
    for (const peer of Object.keys(info.peerDependencies).sort(codePointCompare)) {
      const range = info.peerDependencies[peer]!;
      if (members.has(peer)) {
        const m = memberByName.get(peer)!;
        addEdge({ from: id, fromMember: false, name: peer, spec: range, range, type: 'peerDependencies', target: 'internal', path, resolved: m.version });
        continue;
      }
      const own = dependentEdgeTo(via, peer);
      const place = peerPlace({ dependentHas: own !== undefined, membersHave: memberResolution.has(peer), optional: info.peerOptional.includes(peer) });
      if (place === 'absent') continue;
      if (place !== 'beside') {
        const seenBy = place === 'dependent' ? own! : memberResolution.get(peer)!;
        peerChecks.push({ node: id, peer, range, via, seenBy, seenVersion: seenBy.resolved });
        continue;
      }
      const key = `${id}>${peer}`;
      if (peerEdgeAdded.has(key)) continue;
      peerEdgeAdded.add(key);
      const e: Edge = { from: id, fromMember: false, name: peer, spec: range, range, type: 'peerDependencies', target: 'registry', path };
      visit(e);
      peerChecks.push({ node: id, peer, range, via, seenBy: e, seenVersion: e.resolved });
    }
  };

  for (const e of pendingPeers) checkPeers(e);

  let next = 0;
  const drain = () => {
    for (; next < queue.length; next++) {
      const node = queue[next]!;
      const info = versionInfo(node.name, node.version);
      if (!info) continue;
      const id = nodeId(node.name, node.version);
      const out: Edge[] = [];
      const deps: [Record<string, string>, DependencyType][] = [
        [info.dependencies, 'dependencies'],
        [info.optionalDependencies, 'optionalDependencies'],
      ];
      for (const [record, type] of deps) {
        for (const name of Object.keys(record).sort(codePointCompare)) {
          const e = makeEdge(id, false, name, record[name]!, type, node.path, publishedCtx, store, {}, classified);
          if (type === 'optionalDependencies' && e.target === 'registry' && resolvePin(pins.get(e.name), e.range) === undefined && !optionalDependencyInstalled(store.get(e.name), e.range)) {
            e.skipped = true;
            addEdge(e);
          } else visit(e);
          out.push(e);
        }
      }
      for (const e of out) if (e.resolved !== undefined) checkPeers(e);
    }
  };
  drain();

  // present means the members install it: a copy a dependency needs nests where the member's range does not fit
  const installed = new Set(seedEdges.filter((e) => e.target === 'registry').map((e) => e.name));
  for (const e of optionalPeers) {
    if (!installed.has(e.name)) {
      addEdge({ ...e, skipped: true });
      continue;
    }
    visit(e);
    if (e.resolved === undefined) continue;
    if (!memberResolution.has(e.name)) memberResolution.set(e.name, e);
    seedFirst.set(`${e.from}\0${e.name}`, seedFirst.get(`${e.from}\0${e.name}`) ?? e);
    checkPeers(e);
  }
  drain();

  return { nodes, edges, peerChecks, usedPins, missing };
}

/** Whether a peer requirement holds for the version its dependent sees (`check` reports it when it does not). */
export function peerHolds(pc: PeerCheck): boolean {
  return pc.seenVersion !== undefined && satisfies(pc.seenVersion, pc.range);
}
