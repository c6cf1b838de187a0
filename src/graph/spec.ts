import { isAbsolute, join, normalize } from 'node:path';
import semver from 'semver';
import { InputError, type SourcePosition } from '../errors.js';
import type { Catalogs } from '../workspace/members.js';

/** What a dependency spec points at (SPEC §3). */
export type SpecTarget =
  | { kind: 'registry'; name: string; range: string }
  | { kind: 'tag'; name: string; tag: string }
  | { kind: 'internal'; member: string; range: string }
  | { kind: 'unmanaged'; reason: string };

export interface SpecContext {
  /** member name → member directory (relative to the root) */
  members: Map<string, string>;
  /** the directory of the dependent member, for file:/link: paths; undefined for registry packages */
  dependentDir?: string;
  catalogs?: Catalogs;
  /** where the spec is written, for catalog errors */
  position?: SourcePosition;
}

const GIT = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#.*)?$/;

export function classifySpec(name: string, rawSpec: string, ctx: SpecContext): SpecTarget {
  const spec = rawSpec.trim();
  if (spec.startsWith('catalog:')) {
    const catalog = spec.slice('catalog:'.length) || 'default';
    const range = ctx.catalogs?.[catalog]?.[name];
    if (range === undefined) throw new InputError(`${name}: "${spec}" but pnpm-workspace.yaml has no ${catalog === 'default' ? 'catalog' : `catalogs.${catalog}`} entry for ${name}`, ctx.position);
    return classifySpec(name, range, { ...ctx, catalogs: undefined });
  }
  if (spec.startsWith('workspace:')) {
    const rest = spec.slice('workspace:'.length);
    const range = rest === '*' || rest === '^' || rest === '~' || rest === '' ? '*' : rest;
    if (ctx.members.has(name)) return { kind: 'internal', member: name, range: semver.validRange(range) ? range : '*' };
    return { kind: 'unmanaged', reason: `workspace: spec but no member is named ${name}` };
  }
  if (spec.startsWith('npm:')) {
    const body = spec.slice(4);
    const at = body.lastIndexOf('@');
    const target = at > 0 ? body.slice(0, at) : body;
    const range = at > 0 ? body.slice(at + 1) : '*';
    if (ctx.members.has(target)) return { kind: 'internal', member: target, range: semver.validRange(range) ? range : '*' };
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
  if (ctx.members.has(name)) return { kind: 'internal', member: name, range: semver.validRange(spec || '*') ? spec || '*' : '*' };
  return classifyRange(name, spec);
}

function classifyRange(name: string, spec: string): SpecTarget {
  const range = spec === '' ? '*' : spec;
  if (semver.validRange(range) !== null) return { kind: 'registry', name, range };
  if (/^[A-Za-z][\w.-]*$/.test(range)) return { kind: 'tag', name, tag: range };
  return { kind: 'unmanaged', reason: `"${spec}" is not a registry range` };
}
