import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temp dir a test makes (workspaces, caches, Verdaccio storage, the CLI's own) goes under one directory
 * for this run, removed when the run ends: a run leaves nothing behind in the machine's temp dir, whatever a
 * test forgets to clean. Workers and the binaries they spawn inherit TMPDIR.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'constrain-run-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
