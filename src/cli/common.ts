import { type Command, Option } from 'commander';
import type { CommonOptions } from '../load.js';
import type { FetchProgress } from '../registry/metadata-store.js';
import { progressLine } from '../report/progress.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** The common flags as commander parses them: the library's options, plus how to print. */
export type CommonFlags = Pick<CommonOptions, 'cwd' | 'config' | 'constraints' | 'registry' | 'offline' | 'preferOffline'> & {
  before?: string;
  format: string;
  quiet?: boolean;
  verbose?: boolean;
};

/** The common flags (docs/reference.md). */
export function addCommonFlags(cmd: Command, formats: string[]): Command {
  return cmd
    .option('--cwd <dir>', 'workspace root', '.')
    .option('--config <file>', 'config file (default constrain.config.yaml)')
    .option('--constraints <file>', 'constraints file (default constraints/constraints.yaml)')
    .option('--registry <url>', 'registry URL, or file:PATH for a fixture registry')
    .option('--offline', 'use the metadata cache only')
    .option('--prefer-offline', 'use cached metadata without revalidating it')
    .option('--before <date>', 'see the registry as of this date')
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('text'))
    .option('--quiet', 'print errors only')
    .option('--verbose', 'print more detail');
}

/**
 * Draws the fetch progress on one line of a terminal, at most ten times a second, and clears it when a wave of
 * fetches is done (a cold run of a large family fetches thousands of packuments over several rounds).
 */
function progressOn(stderr: CliIO['stderr']): (p: FetchProgress) => void {
  let last = 0;
  return (p) => {
    const done = p.fetched === p.planned;
    const now = Date.now();
    if (!done && now - last < 100) return;
    last = now;
    stderr.write(done ? '\r\u001b[K' : `\r${progressLine(p)}\u001b[K`);
  };
}

export function commonOptions(flags: CommonFlags, io: CliIO): CommonOptions {
  const progress = io.stderr.isTTY === true && !flags.quiet;
  return {
    cwd: flags.cwd,
    config: flags.config,
    constraints: flags.constraints,
    registry: flags.registry,
    offline: flags.offline,
    preferOffline: flags.preferOffline,
    before: flags.before,
    env: io.env,
    // the clock, for reproducible runs: holds' "until" and propose's minimumReleaseAge read it
    ...(io.env.CONSTRAIN_NOW && !Number.isNaN(Date.parse(io.env.CONSTRAIN_NOW)) ? { now: new Date(io.env.CONSTRAIN_NOW) } : {}),
    ...(progress ? { onProgress: progressOn(io.stderr) } : {}),
  };
}
