import { Command } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function generateCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(
    new Command('generate').description('compute a co-installable pin set, keeping the current pins that still fit (prints the diff; --write rewrites the file)'),
    ['text', 'json'],
  )
    .option('--write', 'rewrite the constraints file')
    .option('--upgrade [names...]', 'take the newest versions the rest allows: for every name, or only the names given (patterns such as "@babel/*")')
    .action(async (flags: CommonFlags & { write?: boolean; upgrade?: boolean | string[] }) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ generate }, { renderPinChanges }] = await Promise.all([import('../api/generate.js'), import('../report/pin-diff.js')]);
      const result = await generate({ ...commonOptions(flags, io), write: flags.write, upgrade: flags.upgrade });
      if (flags.format === 'json') {
        const json = result.ok ? { ok: true, pins: result.pins, changes: result.changes } : { ok: false, explanation: result.explanation, derivation: result.derivation };
        io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else if (!result.ok) {
        const style = makeStyle(useColor(io.stderr, io.env));
        io.stdout.write(`${style.red('No co-installable pin set exists.')}\n\n${result.explanation}\n`);
      } else {
        const style = makeStyle(useColor(io.stdout, io.env));
        const lines = renderPinChanges(result.changes, style);
        const count = Object.keys(result.pins).length;
        const verdict = result.changes.length === 0 ? 'the constraints file is up to date' : result.written ? 'constraints file written' : 'run with --write to apply';
        io.stdout.write(`${lines.join('\n')}${lines.length ? '\n\n' : ''}${result.changes.length} change${result.changes.length === 1 ? '' : 's'}, ${count} pinned packages: ${verdict}\n`);
        if (flags.verbose) io.stderr.write(`resolver: ${JSON.stringify(result.stats)}\n`);
      }
      setExit(result.ok ? 0 : 1);
    });
}
