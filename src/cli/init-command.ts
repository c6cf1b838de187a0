import { Command } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

const NEXT_STEPS = `
Next steps:
  1. Commit constrain.config.yaml and the constraints file.
  2. The gate in CI, failing only on new problems at first:
       npx constrain-pins check --baseline origin/main --format github
     (copy examples/github/constrain-check.yml of constrain-pins, or examples/gitlab/.gitlab-ci.yml)
  3. The weekly proposal, one rolling pull request: copy examples/github/constrain-propose.yml
  4. Installs that honour the pins:
       npx constrain-pins export --to npm --write && npm install
`;

export function initCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('init').description('start using constrain here: a commented constrain.config.yaml, then generate --write'), ['text', 'json'])
    .option('--force', 'replace a constrain.config.yaml that differs from the starter')
    .action(async (flags: CommonFlags & { force?: boolean }) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ init }, { renderPinChanges }] = await Promise.all([import('../api/init.js'), import('../report/pin-diff.js')]);
      const r = await init({ ...commonOptions(flags, io), force: flags.force });
      if (flags.format === 'json') {
        const generate = r.generate.ok ? { ok: true, changes: r.generate.changes } : { ok: false, explanation: r.generate.explanation };
        io.stdout.write(`${JSON.stringify({ config: r.config, singleVersion: r.singleVersion, singleVersionLater: r.singleVersionLater, generate }, null, 2)}\n`);
      } else {
        const style = makeStyle(useColor(io.stdout, io.env));
        const out = [`${r.config.file} ${r.config.action}${r.singleVersion.length ? ` (singleVersion: ${r.singleVersion.join(', ')})` : ''}`];
        if (r.singleVersionLater.length) out.push(style.dim(`  suggested in a comment, since members need several versions today: ${r.singleVersionLater.join(', ')}`));
        if (r.generate.ok) {
          out.push(...renderPinChanges(r.generate.changes, style));
          const n = r.generate.changes.length;
          out.push(`${n} pin change${n === 1 ? '' : 's'}, ${Object.keys(r.generate.pins).length} pinned packages${r.generate.written ? ': constraints file written' : ''}`);
          if (!flags.quiet) out.push(NEXT_STEPS.trimEnd());
        } else {
          out.push('', style.red('No co-installable pin set exists yet; align these ranges, then run constrain generate --write:'), '', r.generate.explanation);
        }
        io.stdout.write(`${out.join('\n')}\n`);
      }
      setExit(r.generate.ok ? 0 : 1);
    });
}
