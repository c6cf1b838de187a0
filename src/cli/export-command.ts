import { Command, Option } from 'commander';
import type { ExportTarget } from '../export/overrides.js';
import { makeStyle, useColor } from '../report/style.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

const show = (v: unknown) => (v === null ? '' : JSON.stringify(v));

export function exportCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('export').description('write the pins as npm overrides, pnpm overrides or yarn resolutions'), ['text', 'json'])
    .addOption(new Option('--to <manager>', 'package manager').choices(['npm', 'pnpm', 'yarn']).makeOptionMandatory())
    .option('--write', 'write the file')
    .option('--check', 'report drift between the file and the constraints (exit 1 on drift)')
    .action(async (flags: CommonFlags & { to: ExportTarget; write?: boolean; check?: boolean }) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const { exportPins } = await import('../api/export.js');
      const r = await exportPins({ ...commonOptions(flags, io), to: flags.to, write: flags.write, check: flags.check });
      if (flags.format === 'json') {
        io.stdout.write(`${JSON.stringify({ file: r.file, field: r.field, [r.field]: r.after, drift: r.drift, skipped: r.skipped, scoped: r.scoped, outside: r.outside, written: r.written }, null, 2)}\n`);
      } else {
        const style = makeStyle(useColor(io.stdout, io.env));
        const lines = r.drift.map((d) => (d.from === null ? style.green(`+ ${d.key}: ${show(d.to)}`) : d.to === null ? style.red(`- ${d.key}: ${show(d.from)}`) : style.yellow(`~ ${d.key}: ${show(d.from)} → ${show(d.to)}`)));
        for (const s of r.skipped) lines.push(style.dim(`  (not exported: ${s.name} is ${s.reason})`));
        if (r.scoped) {
          const outside = r.outside.map((o) => `${o.name} (${o.spec})`).join(', ');
          lines.push(style.dim(`  (scoped: members depend on ${outside} outside the pinned closure, so each override applies only under the dependent that needs it)`));
        }
        const verdict = r.drift.length === 0 ? `${r.file} ${r.field} agree with the constraints` : flags.check ? `${r.file} ${r.field} drift from the constraints` : r.written ? `${r.file} written` : 'run with --write to apply';
        io.stdout.write(`${lines.join('\n')}${lines.length ? '\n' : ''}${verdict}\n`);
      }
      setExit(flags.check && r.drift.length > 0 ? 1 : 0);
    });
}
