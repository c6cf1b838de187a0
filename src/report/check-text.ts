import type { Finding } from '../check/finding.js';
import type { CheckReport } from '../check/run.js';
import { renderPinChanges } from './pin-diff.js';
import { renderRootCausesText } from './root-causes.js';
import type { Style } from './style.js';

function location(f: Finding): string {
  return f.file ? `${f.file}:${f.line}` : f.requirements?.[0]?.path.join(' > ') ?? '';
}

/** Text report: grouped by kind, file:line first, then a one-line summary. */
export function renderCheckText(report: CheckReport, style: Style, opts: { quiet?: boolean; verbose?: boolean; summary?: boolean } = {}): string {
  const out: string[] = [];
  if (report.fixed) {
    out.push(...renderPinChanges(report.fixed, style));
    out.push(`fixed: ${report.fixed.length} pin change${report.fixed.length === 1 ? '' : 's'} written`);
  }
  const shown = opts.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
  let kind = '';
  for (const f of shown) {
    if (f.kind !== kind) {
      kind = f.kind;
      const count = shown.filter((x) => x.kind === kind).length;
      const colour = f.severity === 'error' ? style.red : f.severity === 'warning' ? style.yellow : style.cyan;
      if (out.length > 0) out.push('');
      out.push(colour(style.bold(`${kind} (${count} ${f.severity}${count === 1 ? '' : 's'})`)));
    }
    const loc = location(f);
    out.push(`  ${loc ? `${style.dim(loc)}  ` : ''}${f.message}`);
    if (f.explanation && (f.kind === 'unsatisfiable' || opts.verbose)) for (const line of f.explanation.split('\n')) out.push(`      ${line}`);
    if (f.suggestion) out.push(`    ${style.green('→')} ${f.suggestion}`);
  }
  const s = report.summary;
  const infos = report.findings.length - s.errors - s.warnings;
  if (out.length > 0) out.push('');
  if (opts.summary && report.rootCauses?.length) out.push(...renderRootCausesText(report.rootCauses, style.dim), '');
  if (report.baseline) out.push(`${report.baseline.suppressed} pre-existing finding${report.baseline.suppressed === 1 ? '' : 's'} at ${report.baseline.ref} suppressed (--baseline)`);
  const verdict = report.ok ? style.green('✔ ok') : style.red('✖ failed');
  out.push(
    `${verdict}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${infos} info · ${s.members} member${s.members === 1 ? '' : 's'}, ${s.packages} packages, ${s.pins} pins`,
  );
  return `${out.join('\n')}\n`;
}
