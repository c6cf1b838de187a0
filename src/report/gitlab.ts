import { createHash } from 'node:crypto';
import type { Finding } from '../check/finding.js';

/** One entry of GitLab's Code Quality report, the artifact GitLab shows on merge requests. */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

const SEVERITY: Record<Finding['severity'], CodeQualityIssue['severity']> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * GitLab's Code Quality report (artifacts: reports: codequality). Paths are relative to the repository (`prefix`
 * is the workspace's place in it); findings that stem from no line point at the workspace's package.json. The
 * fingerprint hashes kind, package, file and message, not the line: the same problem keeps its identity across
 * runs and edits that move it.
 */
export function renderGitlabCodeQuality(findings: readonly Finding[], prefix = ''): string {
  const issues: CodeQualityIssue[] = findings.map((f) => {
    const path = `${prefix}${f.file ?? 'package.json'}`;
    return {
      description: f.suggestion ? `${f.message} (fix: ${f.suggestion})` : f.message,
      check_name: f.kind,
      fingerprint: createHash('sha256').update([f.kind, f.package, path, f.message].join('\0')).digest('hex').slice(0, 32),
      severity: SEVERITY[f.severity],
      location: { path, lines: { begin: f.line ?? 1 } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
