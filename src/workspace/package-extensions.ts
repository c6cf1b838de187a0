import { InputError, type SourcePosition } from '../errors.js';
import { parsedRange } from '../policy/semver-cache.js';
import type { YamlSource } from '../util/yaml-source.js';

/**
 * One entry of `packageExtensions` (pnpm: package.json `pnpm.packageExtensions` or pnpm-workspace.yaml; yarn 2+:
 * .yarnrc.yml): dependency fields the package manager adds to the published versions its selector matches.
 */
export interface PackageExtension {
  name: string;
  /** the versions it applies to ("*" when the selector names the package alone) */
  range: string;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** peers its peerDependenciesMeta marks optional */
  peerOptional: string[];
  position: SourcePosition;
}

const FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** One entry, from its selector ("name" or "name@range") and its value as parsed; InputError where it is malformed. */
export function packageExtension(selector: string, value: unknown, position: SourcePosition): PackageExtension {
  const at = selector.indexOf('@', 1);
  const name = at > 0 ? selector.slice(0, at) : selector;
  const range = at > 0 ? selector.slice(at + 1) : '*';
  if (!name || !parsedRange(range)) throw new InputError(`packageExtensions: "${selector}" is not a package name with an optional version range`, position);
  if (!isObject(value)) throw new InputError(`packageExtensions["${selector}"] must be an object of dependency fields`, position);
  const out: PackageExtension = { name, range, dependencies: {}, optionalDependencies: {}, peerDependencies: {}, peerOptional: [], position };
  for (const field of FIELDS) {
    const deps = value[field];
    if (deps === undefined) continue;
    if (!isObject(deps) || Object.values(deps).some((v) => typeof v !== 'string')) throw new InputError(`packageExtensions["${selector}"].${field} must map names to version ranges`, position);
    out[field] = deps as Record<string, string>;
  }
  const meta = value.peerDependenciesMeta;
  if (meta !== undefined && !isObject(meta)) throw new InputError(`packageExtensions["${selector}"].peerDependenciesMeta must be an object`, position);
  if (meta) out.peerOptional = Object.keys(meta).filter((n) => isObject(meta[n]) && meta[n].optional === true).sort();
  return out;
}

/** The entries of a YAML mapping (pnpm-workspace.yaml's or .yarnrc.yml's `packageExtensions`). */
export async function yamlExtensions(src: YamlSource, node: unknown): Promise<PackageExtension[]> {
  const { isMap, isScalar } = await import('yaml');
  const { nodePosition } = await import('../util/yaml-source.js');
  if (!isMap(node)) throw new InputError('packageExtensions must be a mapping', nodePosition(src, node));
  return node.items.map((pair) => {
    const selector = isScalar(pair.key) ? String(pair.key.value) : '';
    const value: unknown = isMap(pair.value) ? pair.value.toJSON() : isScalar(pair.value) ? pair.value.value : undefined;
    return packageExtension(selector, value, nodePosition(src, pair.key));
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
