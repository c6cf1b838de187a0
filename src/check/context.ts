import type { Config } from '../config/types.js';
import type { Constraints } from '../constraints/types.js';
import type { Edge, InstallGraph } from '../graph/types.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import type { Workspace } from '../workspace/members.js';
import type { Requirement } from './finding.js';

/** Everything a check reads. Pure data: no I/O, no clock (the date comes in as `today`). */
export interface CheckContext {
  workspace: Workspace;
  config: Config;
  constraints: Constraints;
  store: MetadataStore;
  graph: InstallGraph;
  /** configured Node range (config engines.node, else root package.json) */
  node: string | undefined;
  /** YYYY-MM-DD */
  today: string;
}

export function requirementOf(e: Edge): Requirement {
  return { by: e.from, range: e.tag ? `${e.tag} (${e.unknownTag ? 'unknown tag' : e.range})` : e.range, path: e.path, ...positionOf(e) };
}

/** A position (of an edge, a requirement, a config entry) as finding fields: file, line and col, when it has a file. */
export function positionOf(p: { file?: string; line?: number; col?: number } | undefined): { file?: string; line?: number; col?: number } {
  if (!p?.file) return {};
  return { file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.col !== undefined ? { col: p.col } : {}) };
}

/** "packages/api/package.json:12" or "express@4.18.2" */
export function where(e: Edge): string {
  return e.file ? `${e.file}:${e.line}` : e.from;
}

export function pinsOf(ctx: CheckContext, name: string): string[] {
  return (ctx.constraints.byName.get(name) ?? []).map((p) => p.version);
}
