import { Command } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { repositoryPrefix, writeStepSummary } from './ci-environment.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function checkCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('check').description('the gate: ranges and pins agree, everything is co-installable'), ['text', 'json', 'github', 'gitlab', 'markdown'])
    .option('--against <ref>', 'check rolling upgrades against a prior release: a git ref, or "registry" (default: config prior)')
    .option('--baseline <ref>', 'report only findings absent at this git ref')
    .option('--lockfile <file>', 'every version the lockfile installs must be a pin (package-lock.json, pnpm-lock.yaml, yarn.lock)')
    .option('--fix', 'first apply the safe fixes: add the pins edges need, remove pins nothing reaches, sort the file')
    .option('--summary', 'rank the root causes of the errors: the change that clears most first')
    .action(async (flags: CommonFlags & { against?: string; baseline?: string; lockfile?: string; fix?: boolean; summary?: boolean }) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ check }, { renderCheckMarkdown }, { renderCheckText }, { renderGithub }, { renderGitlabCodeQuality }] = await Promise.all([import('../api/check.js'), import('../report/check-markdown.js'), import('../report/check-text.js'), import('../report/github.js'), import('../report/gitlab.js')]);
      const report = await check({ ...commonOptions(flags, io), against: flags.against, baseline: flags.baseline, lockfile: flags.lockfile, fix: flags.fix });
      let text: string;
      switch (flags.format) {
        case 'json':
          text = `${JSON.stringify(report, null, 2)}\n`;
          break;
        case 'github':
          text = renderGithub(flags.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings, await repositoryPrefix(flags.cwd ?? '.', io.env));
          break;
        case 'gitlab':
          text = renderGitlabCodeQuality(flags.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings, await repositoryPrefix(flags.cwd ?? '.', io.env));
          break;
        case 'markdown':
          text = renderCheckMarkdown(report);
          break;
        default:
          text = renderCheckText(report, makeStyle(useColor(io.stdout, io.env)), flags);
      }
      io.stdout.write(text);
      await writeStepSummary(io.env, flags.format, () => renderCheckMarkdown(report));
      setExit(report.ok ? 0 : 1);
    });
}
