import { isAbsolute, join, normalize } from 'node:path';
import { InputError, type SourcePosition } from '../errors.js';
import { parsedRange, satisfies } from '../policy/semver-cache.js';
import type { Catalogs } from '../workspace/members.js';

/** What a dependency spec points at (docs/reference.md, "The install graph"). */
export type SpecTarget =
  | { kind: 'registry'; name: string; range: string }
  | { kind: 'tag'; name: string; tag: string }
  | { kind: 'internal'; member: string; range: string }
  | { kind: 'unmanaged'; reason: string };

export interface SpecContext {
  /** member name → member directory (relative to the root) */
  members: ReadonlyMap<string, string>;
  /** member name → its version, where known: an alias to a member whose version does not fit takes the registry's */
  memberVersions?: ReadonlyMap<string, string>;
  /** the directory of the dependent member, for file:/link: paths; undefined for registry packages */
  dependentDir?: string;
  catalogs?: Catalogs;
  /** where the spec is written, for catalog errors */
  position?: SourcePosition;
  /** plain entries of the root's npm overrides (resolve dist-tags the registry does not serve) */
  overrides?: Readonly<Record<string, string>>;
}

const GIT = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#.*)?$/;

export function classifySpec(name: string, rawSpec: string, ctx: SpecContext): SpecTarget {
  const spec = rawSpec.trim();
  if (spec.startsWith('catalog:')) {
    // only a workspace's own manifests use catalogs; in a published package the spec points nowhere
    if (ctx.catalogs === undefined) return { kind: 'unmanaged', reason: `${spec} spec outside a pnpm workspace` };
    const catalog = spec.slice('catalog:'.length) || 'default';
    const range = ctx.catalogs?.[catalog]?.[name];
    if (range === undefined) throw new InputError(`${name}: "${spec}" but pnpm-workspace.yaml has no ${catalog === 'default' ? 'catalog' : `catalogs.${catalog}`} entry for ${name}`, ctx.position);
    return classifySpec(name, range, { ...ctx, catalogs: undefined });
  }
  if (spec.startsWith('workspace:')) {
    const rest = spec.slice('workspace:'.length);
    const range = rest === '*' || rest === '^' || rest === '~' || rest === '' ? '*' : rest;
    if (ctx.members.has(name)) return { kind: 'internal', member: name, range: parsedRange(range) ? range : '*' };
    return { kind: 'unmanaged', reason: `workspace: spec but no member is named ${name}` };
  }
  if (spec.startsWith('npm:')) {
    const body = spec.slice(4);
    const at = body.lastIndexOf('@');
    const target = at > 0 ? body.slice(0, at) : body;
    const range = at > 0 ? body.slice(at + 1) : '*';
    // npm installs an alias under its own name: it links a member only when the member's version fits, and
    // otherwise takes the published version (babel's "@babel/core-7.12": "npm:@babel/core@7.12.9")
    const version = ctx.memberVersions?.get(target);
    if (ctx.members.has(target) && (version === undefined || !parsedRange(range) || satisfies(version, range))) return { kind: 'internal', member: target, range: parsedRange(range) ? range : '*' };
    return classifyRange(target, range);
  }
  if (spec.startsWith('file:') || spec.startsWith('link:') || /^(\.{1,2}\/|\/|~\/)/.test(spec)) {
    const path = spec.replace(/^(file:|link:)/, '');
    if (ctx.dependentDir !== undefined && !isAbsolute(path)) {
      const dir = normalize(join(ctx.dependentDir, path)).replace(/\/$/, '') || '.';
      for (const [member, memberDir] of ctx.members) if (normalize(memberDir) === dir) return { kind: 'internal', member, range: '*' };
    }
    return { kind: 'unmanaged', reason: `local path ${spec}` };
  }
  if (/^https?:\/\//.test(spec)) return { kind: 'unmanaged', reason: `tarball URL ${spec}` };
  if (GIT.test(spec) || /^[^@\s/][^\s/]*\/[^\s/]+(#.*)?$/.test(spec)) return { kind: 'unmanaged', reason: `git dependency ${spec}` };
  if (ctx.members.has(name)) return { kind: 'internal', member: name, range: parsedRange(spec || '*') ? spec || '*' : '*' };
  return classifyRange(name, spec);
}

function classifyRange(name: string, spec: string): SpecTarget {
  const range = spec === '' ? '*' : spec;
  // parsed once per text: a large closure classifies the same few thousand ranges hundreds of thousands of times
  if (parsedRange(range) !== null) return { kind: 'registry', name, range };
  if (/^[A-Za-z][\w.-]*$/.test(range)) return { kind: 'tag', name, tag: range };
  return { kind: 'unmanaged', reason: `"${spec}" is not a registry range` };
}

/**
 * What a published package's dependency spec asks of the registry: a name and a range (aliases followed,
 * dist-tags resolved against the registry, else against a plain entry of the root's npm `overrides`, which is
 * how npm itself rescues a tag the registry does not serve). Undefined for members, git, tarballs and paths.
 */
export function registryRequest(
  name: string,
  spec: string,
  members: ReadonlyMap<string, string>,
  distTags: (name: string) => Record<string, string> | undefined,
  overrides: Readonly<Record<string, string>> = {},
): { name: string; range: string; label?: string } | { name: string; missing: true } | undefined {
  const t = classifySpec(name, spec, { members });
  if (t.kind === 'registry') return { name: t.name, range: t.range };
  if (t.kind !== 'tag') return undefined;
  const tags = distTags(t.name);
  if (tags === undefined) return { name: t.name, missing: true };
  const version = overrides[t.name] ?? tags[t.tag];
  return version ? { name: t.name, range: version, label: `${t.tag} (${version})` } : { name: t.name, range: '<0.0.0-0', label: `"${t.tag}" (a dist-tag the registry does not serve)` };
}
