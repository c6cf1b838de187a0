import { Command } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function whyCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(new Command('why').description('every path from a member to NAME, with ranges and the pins chosen').argument('<name>', 'package name'), ['text', 'json', 'mermaid']).action(
    async (name: string, flags: CommonFlags) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ why }, { renderWhyMermaid, renderWhyText }] = await Promise.all([import('../api/why.js'), import('../report/why.js')]);
      const result = await why(name, commonOptions(flags, io));
      if (flags.format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (flags.format === 'mermaid') io.stdout.write(renderWhyMermaid(result));
      else io.stdout.write(renderWhyText(result, makeStyle(useColor(io.stdout, io.env))));
      setExit(result.paths.length > 0 ? 0 : 1);
    },
  );
}
