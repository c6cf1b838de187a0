#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { runCli } from './run.js';

// Between full collections V8 lets the heap grow to up to four times what it kept, and a resolver over thousands
// of packages keeps hundreds of MB: at half its live size instead, a warm generate over 10,744 packuments peaked
// at 700 MB instead of 920 MB, in about the same time (README, Performance). Only the command line does this: a
// program that imports constrain keeps its own settings, and so does a run given the flag by hand.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=50');

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
