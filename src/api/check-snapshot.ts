import { resolve } from 'node:path';
import type { CheckReport } from '../check/run.js';
import type { CommonOptions, Inputs } from '../load.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { SLIM_FORMAT } from '../registry/slim.js';
import type { Registry } from '../registry/types.js';
import { FsSource } from '../source/file-source.js';
import { replayDigest } from '../source/recording-source.js';
import { parseBefore } from '../util/parse-before.js';

/** Bump when what check reports, or how, changes: old snapshots are then never read. */
const SNAPSHOT_FORMAT = 6;

/** The last plain `check` of a workspace, and what it was computed from. */
interface CheckSnapshot {
  format: string;
  /** the workspace files read, the clock's date, --before, the registry and the options that choose the files */
  inputs: string;
  /** which files and listings were read (RecordingSource.reads) */
  reads: string[];
  /** every package whose metadata the check read */
  names: string[];
  /** what the registry's cache answered for them */
  closure: string;
  report: CheckReport;
}

/** What a check's answer depends on besides the registry's metadata: the files, the date, --before, the options naming files. */
function inputsKey(filesDigest: string, now: Date, before: Date | undefined, registry: Registry, opts: CommonOptions): string {
  return [filesDigest, now.toISOString().slice(0, 10), before?.toISOString() ?? '', registry.description, opts.config ?? '', opts.constraints ?? ''].join('\0');
}

const format = (version: string) => `${SNAPSHOT_FORMAT}.${SLIM_FORMAT}.${version}`;

/**
 * The report of the workspace's last plain check, when nothing it depends on has changed since: the same bytes
 * in every file it read (read again, not parsed), the same date and options, and the same metadata for every
 * package it read (npm's cache still names the same documents, and they are fresh or --prefer-offline allows
 * them). A warm run of a family of thousands of packages then reads its files, npm's cache index and one file,
 * before parsing any of them.
 */
export async function unchangedReport(opts: CommonOptions, registry: Registry, version: string): Promise<CheckReport | undefined> {
  if (!registry.derived || !registry.contentState) return undefined;
  const text = await registry.derived.read('check');
  if (!text) return undefined;
  let snap: CheckSnapshot;
  let before: Date | undefined;
  try {
    snap = JSON.parse(text) as CheckSnapshot;
    // a --before that does not parse is reported by the run itself
    before = parseBefore(opts.before);
  } catch {
    return undefined;
  }
  if (snap.format !== format(version) || !Array.isArray(snap.reads) || !Array.isArray(snap.names)) return undefined;
  const digest = await replayDigest(new FsSource(resolve(opts.cwd ?? '.')), snap.reads);
  if (digest === undefined || inputsKey(digest, opts.now ?? new Date(), before, registry, opts) !== snap.inputs) return undefined;
  const same = (await registry.contentState(snap.names)) === snap.closure;
  // what the registry read of its cache to tell is kept for the next run
  await registry.settle?.();
  return same ? snap.report : undefined;
}

/** Keeps a plain check's report with what it was computed from, for the next run. */
export async function keepSnapshot(inputs: Inputs, opts: CommonOptions, store: MetadataStore, report: CheckReport, version: string): Promise<void> {
  const { registry, filesDigest, filesRead } = inputs;
  if (filesDigest === undefined || filesRead === undefined || !registry.derived || !registry.contentState) return;
  const names = store.names().sort();
  const closure = await registry.contentState(names);
  await registry.settle?.();
  if (closure === undefined) return;
  const key = inputsKey(filesDigest, inputs.now, inputs.before, registry, opts);
  const snap: CheckSnapshot = { format: format(version), inputs: key, reads: filesRead, names, closure, report };
  await registry.derived.write('check', JSON.stringify(snap));
}
