import { agreementFindings, Unsatisfiable } from './agreement-findings.js';
import type { CheckContext } from './context.js';
import { edgeFindings } from './edge-findings.js';
import { compareFindings, type Finding } from './finding.js';
import { overrideFindings } from './override-findings.js';
import { holdFindings, pinFindings } from './pin-findings.js';
import type { RootCause } from './root-causes.js';

export interface CheckSummary {
  members: number;
  packages: number;
  pins: number;
  errors: number;
  warnings: number;
}

export interface CheckReport {
  ok: boolean;
  summary: CheckSummary;
  findings: Finding[];
  /** with --baseline: the ref compared against and how many findings it already had */
  baseline?: { ref: string; suppressed: number };
  /** the facts the errors stem from, ranked by how many members and findings each breaks */
  rootCauses?: RootCause[];
  /** with --fix: the pins changed before the findings were computed */
  fixed?: { package: string; from: string | string[] | null; to: string | string[] | null }[];
}

/** Every finding (docs/reference.md) for one install graph. Pure. */
export function runChecks(ctx: CheckContext): CheckReport {
  const unsat = new Unsatisfiable();
  const agreement = agreementFindings(ctx, unsat);
  const edges = edgeFindings(ctx, unsat.names());
  for (const e of edges.unsatisfiableEdges) {
    unsat.add(e.name, [{ by: e.from, range: e.range, path: e.path, ...(e.file ? { file: e.file, line: e.line } : {}) }], 'the registry has no such version');
  }
  const findings = [...unsat.findings(ctx), ...agreement, ...edges.findings, ...overrideFindings(ctx), ...pinFindings(ctx), ...holdFindings(ctx)].sort(compareFindings);
  return summarize(ctx, findings);
}

export function summarize(ctx: Pick<CheckContext, 'workspace' | 'graph' | 'constraints'>, findings: Finding[]): CheckReport {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    summary: {
      members: ctx.workspace.members.length,
      packages: ctx.graph.nodes.size,
      pins: ctx.constraints.pins.length,
      errors,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
    findings,
  };
}
