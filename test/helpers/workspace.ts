import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CheckReport } from '../../src/check/run.js';

export const BIN = resolve(import.meta.dirname, '../../dist/cli/main.js');

export type Files = Record<string, string | object>;

/** Writes a fixture workspace into a fresh temp dir; objects are written as JSON. */
export function makeWorkspace(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'constrain-test-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `constrain check --format json` on a workspace whose fixture registry is registry.json inside it. */
export function checkJson(dir: string, extra: string[] = []): { status: number | null; report: CheckReport; stderr: string } {
  const r = runCli(['check', '--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`, '--format', 'json', ...extra]);
  let report: CheckReport;
  try {
    report = JSON.parse(r.stdout) as CheckReport;
  } catch {
    throw new Error(`not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

/** Every file under dir with its bytes, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[full.slice(dir.length)] = readFileSync(full, 'base64');
    }
  };
  walk(dir);
  return out;
}

/** A packument document with the given versions; each version maps to its manifest fields. */
export function packument(versions: Record<string, object>, extra: object = {}): object {
  return { versions, ...extra };
}

/** Runs the built binary without blocking this process (needed when this process serves HTTP). */
export function runCliAsync(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}
