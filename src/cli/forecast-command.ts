import { Command } from 'commander';
import { makeStyle, useColor } from '../report/style.js';
import { addCommonFlags, type CliIO, type CommonFlags, commonOptions } from './common.js';

export function forecastCommand(io: CliIO, setExit: (code: number) => void): Command {
  return addCommonFlags(
    new Command('forecast').description('which upcoming releases (next minor, next major, newest) would break which members, and why').argument('[names...]', 'names or patterns (default: every pin)'),
    ['text', 'json', 'markdown', 'mermaid'],
  ).action(async (names: string[], flags: CommonFlags) => {
      // loaded when the command runs: --help and the other commands never pay for it
      const [{ forecast }, { renderForecastMarkdown, renderForecastMermaid, renderForecastText }] = await Promise.all([import('../api/forecast.js'), import('../report/forecast.js')]);
    const r = await forecast({ ...commonOptions(flags, io), names });
    if (flags.format === 'json') io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else if (flags.format === 'markdown') io.stdout.write(renderForecastMarkdown(r));
    else if (flags.format === 'mermaid') io.stdout.write(renderForecastMermaid(r));
    else io.stdout.write(renderForecastText(r, makeStyle(useColor(io.stdout, io.env)), flags));
    setExit(0);
  });
}
