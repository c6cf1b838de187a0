import { Command, CommanderError } from 'commander';
import { ConstrainError } from '../errors.js';
import { constrainVersion } from '../version.js';
import { checkCommand } from './check-command.js';
import type { CliIO } from './common.js';
import { exportCommand } from './export-command.js';
import { forecastCommand } from './forecast-command.js';
import { generateCommand } from './generate-command.js';
import { EXAMPLES, EXIT_CODES } from './help.js';
import { initCommand } from './init-command.js';
import { proposeCommand } from './propose-command.js';
import { whyCommand } from './why-command.js';

/** The command-line program: every command with its flags, help, examples and exit codes. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('constrain')
    .description('keep a family of npm packages installable together')
    .version(constrainVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showSuggestionAfterError()
    .addHelpText('after', `${EXAMPLES.constrain}\n${EXIT_CODES}\n`);
  for (const cmd of [initCommand(io, setExit), checkCommand(io, setExit), generateCommand(io, setExit), whyCommand(io, setExit), forecastCommand(io, setExit), proposeCommand(io, setExit), exportCommand(io, setExit)]) {
    program.addCommand(cmd.exitOverride().addHelpText('after', `${EXAMPLES[cmd.name()] ?? ''}\n${EXIT_CODES}\n`));
  }
  return program;
}

/** Runs the CLI and returns the exit code (docs/reference.md, "Exit codes"). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof ConstrainError) {
      io.stderr.write(`constrain: ${err.message}\n`);
      if (argv.includes('--verbose') && err.stack) io.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    io.stderr.write(`constrain: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}
