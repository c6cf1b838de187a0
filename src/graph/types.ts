import type { DependencyType } from '../config/types.js';

/** An edge of the install graph: (dependent, name, range, type) and what it resolves to. */
export interface Edge {
  /** member name, or NAME@VERSION of a registry package */
  from: string;
  fromMember: boolean;
  /** the registry name (after npm: aliases); for internal edges, the member */
  name: string;
  /** the spec as written */
  spec: string;
  /** the effective semver range (catalog, alias and tag resolved) */
  range: string;
  type: DependencyType;
  target: 'registry' | 'internal' | 'unmanaged';
  /** chain of dependents from a member to `from`, inclusive */
  path: string[];
  file?: string;
  line?: number;
  col?: number;
  tag?: string;
  unmanagedReason?: string;
  /** the pin this edge resolves to (highest pin satisfying the range) */
  resolved?: string;
  /** the dist-tag could not be resolved against the registry */
  unknownTag?: boolean;
  /** an optional dependency that nothing published satisfies, or a member's optional peer that no other member
   * installs: npm skips it, and so does constrain */
  skipped?: boolean;
  /** a member's peer marked optional in its peerDependenciesMeta: checked only when another member installs it */
  optionalPeer?: boolean;
}

/**
 * An `npm:other@range` edge: npm installs it under the alias name, so it is a copy of its own, beside the one the
 * real name resolves to. It takes no part in what the members agree on, nor in what a peer sees.
 */
export function isAliasEdge(e: Pick<Edge, 'spec'>): boolean {
  return e.spec.startsWith('npm:');
}

/** A peer requirement checked against the version the dependent sees (docs/reference.md, "The install graph"). */
export interface PeerCheck {
  /** NAME@VERSION declaring the peer */
  node: string;
  peer: string;
  range: string;
  /** the edge through which the declaring package was reached */
  via: Edge;
  /** the requirement whose resolution the peer must match: the dependent's own edge, or a member's */
  seenBy?: Edge;
  seenVersion?: string;
}

export interface GraphNode {
  name: string;
  version: string;
  /** first (shortest) path from a member, ending at this node */
  path: string[];
}

export interface InstallGraph {
  nodes: Map<string, GraphNode>;
  edges: Edge[];
  peerChecks: PeerCheck[];
  /** pins (NAME@VERSION) that some edge resolves to */
  usedPins: Set<string>;
  /** NAME@VERSION pins whose packument or version the registry does not have */
  missing: Set<string>;
}

export const nodeId = (name: string, version: string): string => `${name}@${version}`;

/** NAME@VERSION back into its name and version (scoped names keep their leading @). */
export function splitNodeId(id: string): [string, string] {
  const at = id.lastIndexOf('@');
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : [id, ''];
}
