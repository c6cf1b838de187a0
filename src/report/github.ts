import type { Finding } from '../check/finding.js';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: `::error file=F,line=L,title=KIND::message`. `prefix` is the workspace's
 * path in the repository: GitHub places annotations by paths relative to the checkout.
 */
export function renderGithub(findings: readonly Finding[], prefix = ''): string {
  return findings
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [...(f.file ? [`file=${escapeProperty(prefix + f.file)}`, `line=${f.line ?? 1}`] : []), `title=${escapeProperty(f.kind)}`];
      const body = f.suggestion ? `${f.message} (fix: ${f.suggestion})` : f.message;
      return `::${command} ${props.join(',')}::${escapeData(body)}\n`;
    })
    .join('');
}
