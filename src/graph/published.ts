import type { DependencyType } from '../config/types.js';
import type { VersionInfo } from '../registry/types.js';
import { codePointCompare } from '../util/compare.js';

/** One dependency a published version declares. */
export interface PublishedDependency {
  name: string;
  spec: string;
  type: Exclude<DependencyType, 'devDependencies'>;
  /** a peer marked optional in peerDependenciesMeta */
  optionalPeer: boolean;
}

/**
 * The dependencies a published version declares, the one place that lists them: dependencies, then
 * optionalDependencies, then peerDependencies, each by name.
 */
export function publishedDependencies(info: VersionInfo): PublishedDependency[] {
  const out: PublishedDependency[] = [];
  const kinds = [
    ['dependencies', info.dependencies],
    ['optionalDependencies', info.optionalDependencies],
    ['peerDependencies', info.peerDependencies],
  ] as const;
  for (const [type, deps] of kinds) {
    for (const name of Object.keys(deps).sort(codePointCompare)) out.push({ name, spec: deps[name]!, type, optionalPeer: type === 'peerDependencies' && info.peerOptional.includes(name) });
  }
  return out;
}
