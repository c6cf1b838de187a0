import { Command, Option } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { writeStepSummary } from './ci-environment.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function proposeCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('propose').description('take every bump that stays co-installable; explain the rest; optionally keep one rolling PR'), ['text', 'json', 'markdown'])
    .option('--write', 'rewrite the constraints file')
    .option('--open-pr', 'commit on the propose branch, push it, and open or update the pull request')
    .option('--dashboard', 'keep one issue listing what is held back and why (created, updated in place, closed when empty)')
    .addOption(new Option('--forge <forge>', 'github or gitlab (default: the CI environment, else the origin host)').choices(['github', 'gitlab']))
    .option('--repo <path>', 'owner/name on GitHub, group/name on GitLab (default: GITHUB_REPOSITORY or CI_PROJECT_PATH, else the origin remote)')
    .option('--api-url <url>', 'the forge REST API (default: GITHUB_API_URL or CI_API_V4_URL, else from the origin host)')
    .option('--base <branch>', 'base branch of the pull or merge request (default: the repository default branch)')
    .action(async (flags: CommonFlags & { write?: boolean; openPr?: boolean; dashboard?: boolean; forge?: 'github' | 'gitlab'; repo?: string; apiUrl?: string; base?: string }) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ propose }, { renderProposalMarkdown, renderProposalText }] = await Promise.all([import('../api/propose.js'), import('../report/proposal.js')]);
      const result = await propose({
        ...commonOptions(flags, io),
        write: flags.write,
        openPr: flags.openPr,
        dashboard: flags.dashboard,
        pr: { forge: flags.forge, repo: flags.repo, apiUrl: flags.apiUrl, base: flags.base },
      });
      if (!result.ok) {
        if (flags.format === 'json') io.stdout.write(`${JSON.stringify({ ok: false, explanation: result.explanation, derivation: result.derivation }, null, 2)}\n`);
        else io.stdout.write(`The current pins are not co-installable, so nothing can be proposed:\n\n${result.explanation}\n`);
        setExit(1);
        return;
      }
      if (flags.format === 'json') {
        const { bumps, heldBack, comingUp, added, removed, files, notes, pr, dashboard } = result;
        io.stdout.write(`${JSON.stringify({ bumps, heldBack, comingUp, added, removed, files, notes, pr, dashboard }, null, 2)}\n`);
      } else if (flags.format === 'markdown') {
        io.stdout.write(renderProposalMarkdown(result));
      } else {
        io.stdout.write(renderProposalText(result, makeStyle(useColor(io.stdout, io.env)), result.written, { verbose: flags.verbose }));
        for (const note of result.notes) io.stderr.write(`constrain: note: ${note}\n`);
        const change = result.forge === 'GitLab' ? 'merge request !' : 'pull request #';
        if (result.pr) io.stdout.write(`${change}${result.pr.number} ${result.pr.action}: ${result.pr.url}\n`);
        else if (flags.openPr) io.stdout.write(`no ${change.slice(0, -2)}: nothing to bump\n`);
        if (result.dashboard) io.stdout.write(`dashboard #${result.dashboard.number} ${result.dashboard.action}: ${result.dashboard.url}\n`);
        else if (flags.dashboard) io.stdout.write('no dashboard: nothing is held back\n');
      }
      await writeStepSummary(io.env, flags.format, () => renderProposalMarkdown(result));
      setExit(0);
    });
}
