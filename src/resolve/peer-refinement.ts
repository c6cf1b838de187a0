import { peerHolds } from '../graph/build.js';
import { type InstallGraph, splitNodeId } from '../graph/types.js';
import { peerBindingKey } from './npm-provider.js';

/**
 * The peer bindings `check` shows the resolver missed (docs/resolver.md, "Peers of a nested package"): a package B
 * whose peer C is unmet because B's dependent A installs C beside itself, as A's own peer, and B sees that copy.
 * Whether A installs its peer depends on A's dependent, which the resolver does not see when it reads A's
 * dependencies; so the binding "A's dependencies look for C at A's peer" is made where the install graph of a
 * solution shows it, and the workspace is solved again with it. Returns the keys not in `known`, sorted.
 */
export function missedPeerBindings(graph: InstallGraph, known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const pc of graph.peerChecks) {
    const seen = pc.seenBy;
    if (peerHolds(pc) || !seen || seen.fromMember || seen.type !== 'peerDependencies' || seen.from !== pc.via.from) continue;
    const key = peerBindingKey(splitNodeId(seen.from)[0], pc.peer);
    if (!known.has(key)) out.add(key);
  }
  return [...out].sort();
}
