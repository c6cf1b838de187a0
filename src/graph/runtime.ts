import { type InstallGraph, nodeId, splitNodeId } from './types.js';

/**
 * The runtime closure: nodes reached from a member through a non-dev edge, then any edge. Packages reached only
 * through members' devDependencies are never installed by the members' users.
 */
export function runtimeNodes(graph: InstallGraph): Set<string> {
  const out = new Set<string>();
  const from = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.target !== 'registry' || e.resolved === undefined || e.fromMember) continue;
    const list = from.get(e.from) ?? [];
    list.push(nodeId(e.name, e.resolved));
    from.set(e.from, list);
  }
  const queue = graph.edges.filter((e) => e.fromMember && e.type !== 'devDependencies' && e.target === 'registry' && e.resolved !== undefined).map((e) => nodeId(e.name, e.resolved!));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const next of from.get(id) ?? []) if (!out.has(next)) queue.push(next);
  }
  return out;
}

/** Names in the runtime closure. */
export function runtimeNames(graph: InstallGraph): Set<string> {
  return new Set([...runtimeNodes(graph)].map((id) => splitNodeId(id)[0]));
}
