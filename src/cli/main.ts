#!/usr/bin/env node
import { limitHeapGrowth } from './heap-growth.js';
import { runCli } from './run.js';

limitHeapGrowth();
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
