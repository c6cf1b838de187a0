import { satisfies } from '../policy/semver-cache.js';
import { type Edge, type InstallGraph, nodeId } from './types.js';

export interface WhyHop {
  from: string;
  name: string;
  range: string;
  type: string;
  /** the pin the edge resolves to; null when none satisfies it */
  pin: string | null;
  file?: string;
  line?: number;
  /** the edge is part of a problem: no pin satisfies it, or a peer it carries is not met */
  conflict: boolean;
}

export interface WhyResult {
  package: string;
  pins: string[];
  paths: WhyHop[][];
  /** more paths exist than were listed */
  truncated: boolean;
}

const MAX_PATHS = 200;

/** Every path from a member to `name` in the install graph, with each edge's range and pin. Pure. */
export function whyPaths(graph: InstallGraph, members: readonly string[], name: string, pins: string[]): WhyResult {
  const out = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    if (e.target !== 'registry') continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  // a peer met by the dependent's own edge (or the members') is a requirement too: show it as a hop
  const peerHops = new Map<string, WhyHop[]>();
  const badPeers = new Set<string>();
  for (const pc of graph.peerChecks) {
    const met = pc.seenVersion !== undefined && satisfies(pc.seenVersion, pc.range);
    if (!met) badPeers.add(`${pc.via.from}>${pc.node}`);
    if (pc.seenBy?.from === pc.node) continue; // installed as the node's own edge: already in the graph
    const list = peerHops.get(pc.node) ?? [];
    if (!list.some((h) => h.name === pc.peer)) list.push({ from: pc.node, name: pc.peer, range: pc.range, type: 'peerDependencies', pin: pc.seenVersion ?? null, conflict: !met });
    peerHops.set(pc.node, list);
  }
  const hop = (e: Edge): WhyHop => ({
    from: e.from,
    name: e.name,
    range: e.range,
    type: e.type,
    pin: e.resolved ?? null,
    ...(e.file ? { file: e.file, line: e.line } : {}),
    conflict: e.resolved === undefined || badPeers.has(`${e.from}>${nodeId(e.name, e.resolved)}`),
  });
  const paths: WhyHop[][] = [];
  let truncated = false;
  const walk = (at: string, trail: WhyHop[], seen: Set<string>) => {
    for (const h of peerHops.get(at) ?? []) if (h.name === name && paths.length < MAX_PATHS) paths.push([...trail, h]);
    for (const e of out.get(at) ?? []) {
      if (paths.length >= MAX_PATHS) {
        truncated = true;
        return;
      }
      if (e.name === name) {
        paths.push([...trail, hop(e)]);
        continue;
      }
      if (e.resolved === undefined) continue;
      const next = nodeId(e.name, e.resolved);
      if (seen.has(next)) continue;
      seen.add(next);
      walk(next, [...trail, hop(e)], seen);
      seen.delete(next);
    }
  };
  for (const m of [...members].sort()) walk(m, [], new Set());
  return { package: name, pins, paths, truncated };
}

