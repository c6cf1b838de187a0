import type { CheckReport } from '../check/run.js';
import type { Inputs } from '../load.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { SLIM_FORMAT } from '../registry/slim.js';

/** Bump when what check reports, or how, changes: old snapshots are then never read. */
const SNAPSHOT_FORMAT = 5;

/** The last plain `check` of a workspace, and what it was computed from. */
interface CheckSnapshot {
  format: string;
  /** the workspace files read, the clock's date, --before and the registry */
  inputs: string;
  /** every package whose metadata the check read */
  names: string[];
  /** what the registry's cache answered for them */
  closure: string;
  report: CheckReport;
}

/** What a check's answer depends on besides the registry's metadata: the files, the date, --before. */
function inputsKey(inputs: Inputs): string | undefined {
  if (inputs.filesDigest === undefined) return undefined;
  return [inputs.filesDigest, inputs.now.toISOString().slice(0, 10), inputs.before?.toISOString() ?? '', inputs.registry.description].join('\0');
}

const format = (version: string) => `${SNAPSHOT_FORMAT}.${SLIM_FORMAT}.${version}`;

/**
 * The report of the workspace's last plain check, when nothing it depends on has changed since: the same bytes
 * in every file it read, the same date, and the same metadata for every package it read (npm's cache still names
 * the same documents, and they are fresh or --prefer-offline allows them). A warm run of a family of thousands of
 * packages then reads its inputs, npm's cache index and one file.
 */
export async function snapshotReport(inputs: Inputs, version: string): Promise<CheckReport | undefined> {
  const { registry } = inputs;
  const key = inputsKey(inputs);
  if (!key || !registry.derived || !registry.contentState) return undefined;
  const text = await registry.derived.read('check');
  if (!text) return undefined;
  let snap: CheckSnapshot;
  try {
    snap = JSON.parse(text) as CheckSnapshot;
  } catch {
    return undefined;
  }
  if (snap.format !== format(version) || snap.inputs !== key || !Array.isArray(snap.names)) return undefined;
  const same = (await registry.contentState(snap.names)) === snap.closure;
  // what the registry read of its cache to tell is kept for the next run
  await registry.settle?.();
  return same ? snap.report : undefined;
}

/** Keeps a plain check's report with what it was computed from, for the next run. */
export async function keepSnapshot(inputs: Inputs, store: MetadataStore, report: CheckReport, version: string): Promise<void> {
  const { registry } = inputs;
  const key = inputsKey(inputs);
  if (!key || !registry.derived || !registry.contentState) return;
  const names = store.names().sort();
  const closure = await registry.contentState(names);
  await registry.settle?.();
  if (closure === undefined) return;
  const snap: CheckSnapshot = { format: format(version), inputs: key, names, closure, report };
  await registry.derived.write('check', JSON.stringify(snap));
}
