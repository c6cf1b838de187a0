import { Command } from 'commander';
import { propose } from '../api/propose.js';
import { renderProposalMarkdown, renderProposalText } from '../propose/render.js';
import { makeStyle, useColor } from '../report/style.js';
import { writeStepSummary } from './ci-environment.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function proposeCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('propose').description('take every bump that stays co-installable; explain the rest; optionally keep one rolling PR'), ['text', 'json', 'markdown'])
    .option('--write', 'rewrite the constraints file')
    .option('--open-pr', 'commit on the propose branch, push it, and open or update the pull request')
    .option('--repo <owner/name>', 'GitHub repository (default: GITHUB_REPOSITORY, else the origin remote)')
    .option('--base <branch>', 'base branch of the pull request (default: the repository default branch)')
    .action(async (flags: CommonFlags & { write?: boolean; openPr?: boolean; repo?: string; base?: string }) => {
      const result = await propose({ ...commonOptions(flags, io), write: flags.write, openPr: flags.openPr, pr: { repo: flags.repo, base: flags.base } });
      if (!result.ok) {
        if (flags.format === 'json') io.stdout.write(`${JSON.stringify({ ok: false, explanation: result.explanation }, null, 2)}\n`);
        else io.stdout.write(`The current pins are not co-installable, so nothing can be proposed:\n\n${result.explanation}\n`);
        setExit(1);
        return;
      }
      if (flags.format === 'json') {
        const { bumps, heldBack, added, removed, files, notes, pr } = result;
        io.stdout.write(`${JSON.stringify({ bumps, heldBack, added, removed, files, notes, pr }, null, 2)}\n`);
      } else if (flags.format === 'markdown') {
        io.stdout.write(renderProposalMarkdown(result));
      } else {
        io.stdout.write(renderProposalText(result, makeStyle(useColor(io.stdout, io.env)), result.written, { verbose: flags.verbose }));
        for (const note of result.notes) io.stderr.write(`constrain: note: ${note}\n`);
        if (result.pr) io.stdout.write(`pull request #${result.pr.number} ${result.pr.action}: ${result.pr.url}\n`);
        else if (flags.openPr) io.stdout.write('no pull request: nothing to bump\n');
      }
      await writeStepSummary(io.env, flags.format, () => renderProposalMarkdown(result));
      setExit(0);
    });
}
