import type { CheckReport } from '../check/run.js';
import { code, escapeMarkdown } from './markdown-escape.js';
import { clearsText, factText, fixText } from './root-causes.js';

/** Markdown report for $GITHUB_STEP_SUMMARY and PR bodies. */
export function renderCheckMarkdown(report: CheckReport): string {
  const s = report.summary;
  const out: string[] = [
    `## constrain check: ${report.ok ? '✅ passed' : '❌ failed'}`,
    '',
    '| members | packages | pins | errors | warnings |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${s.members} | ${s.packages} | ${s.pins} | ${s.errors} | ${s.warnings} |`,
  ];
  if (report.baseline) out.push('', `${report.baseline.suppressed} pre-existing findings at ${code(report.baseline.ref)} suppressed (baseline).`);
  if (report.rootCauses?.length) {
    out.push('', '### Root causes, the change that clears most first', '', '| # | fix | clears | because |', '| ---: | --- | --- | --- |');
    for (const [i, c] of report.rootCauses.entries()) out.push(`| ${i + 1} | ${escapeMarkdown(fixText(c.fix))} | ${escapeMarkdown(clearsText(c))} | ${escapeMarkdown(factText(c.fact))} |`);
  }
  const kinds = [...new Set(report.findings.map((f) => f.kind))];
  for (const kind of kinds) {
    const group = report.findings.filter((f) => f.kind === kind);
    out.push('', `### ${code(kind)} (${group.length} ${group[0]!.severity})`, '', '| package | where | problem | fix |', '| --- | --- | --- | --- |');
    for (const f of group) {
      const where = f.file ? code(`${f.file}:${f.line}`) : escapeMarkdown(f.requirements?.[0]?.path.join(' › ') ?? '');
      out.push(`| ${code(f.package)} | ${where} | ${escapeMarkdown(f.message)} | ${f.suggestion ? escapeMarkdown(f.suggestion) : ''} |`);
    }
    for (const f of group.filter((x) => x.explanation)) {
      out.push('', `<details><summary>Why ${escapeMarkdown(f.package)} cannot be satisfied</summary>`, '', '```', f.explanation!.replace(/```/g, "'''"), '```', '', '</details>');
    }
  }
  return `${out.join('\n')}\n`;
}
