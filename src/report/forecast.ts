import type { ForecastCandidate, ForecastResult } from '../check/forecast-types.js';
import { code, escapeMarkdown } from './markdown-escape.js';
import type { Style } from './style.js';

const label = (c: ForecastCandidate) => c.labels.join(', ');
const verdict = (c: ForecastCandidate) =>
  c.safe ? 'safe' : c.breaks.length ? `breaks ${c.breaks.map((b) => b.member).join(', ')}` : `breaks the pins (${c.other.map((f) => f.kind).join(', ')})`;

/** Text: per name, each upcoming release and whom it would break, with why. */
export function renderForecastText(r: ForecastResult, style: Style, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const f of r.forecasts) {
    out.push(style.bold(`${f.package} ${f.current.join(', ')}`));
    for (const c of f.candidates) {
      const policy = c.policy.length ? style.yellow(` · ${c.policy.map((p) => p.text).join('; ')}`) : '';
      out.push(`  ${c.version} (${label(c)}): ${c.safe ? style.green('safe') : style.red(verdict(c))}${policy}`);
      for (const b of c.breaks) for (const finding of b.findings.slice(0, opts.verbose ? undefined : 1)) out.push(style.dim(`      ${b.member}: ${finding.kind} ${finding.package}: ${finding.message}`));
      for (const finding of c.other) out.push(style.dim(`      ${finding.kind} ${finding.package}: ${finding.message}`));
    }
  }
  if (r.forecasts.length === 0) out.push('every pin is at its newest release');
  return `${out.join('\n')}\n`;
}

/** Markdown: one table of upcoming releases and whom they would break. */
export function renderForecastMarkdown(r: ForecastResult, heading = '## constrain: forecast'): string {
  const rows = r.forecasts.flatMap((f) =>
    f.candidates.map((c) => `| ${code(f.package)} | ${code(f.current.join(', '))} → ${code(c.version)} | ${label(c)} | ${escapeMarkdown(verdict(c))} | ${escapeMarkdown(c.policy.map((p) => p.text).join('; '))} |`),
  );
  if (rows.length === 0) return `${heading}\n\nEvery pin is at its newest release.\n`;
  return [heading, '', '| package | release | kind | forecast | policy |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** Mermaid: each breaking release pointing at the members it breaks. */
export function renderForecastMermaid(r: ForecastResult): string {
  const lines = ['```mermaid', 'graph LR'];
  const id = (s: string) => `n${[...s].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7).toString(36)}`;
  for (const f of r.forecasts)
    for (const c of f.candidates) {
      if (c.safe) continue;
      const from = `${f.package}@${c.version}`;
      lines.push(`  ${id(from)}["${from.replace(/"/g, '#quot;')}"]`);
      for (const b of c.breaks) lines.push(`  ${id(from)} -->|breaks| ${id(b.member)}["${b.member.replace(/"/g, '#quot;')}"]`);
    }
  lines.push('```', '');
  return lines.join('\n');
}
