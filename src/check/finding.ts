import semver from 'semver';
import { splitNodeId } from '../graph/types.js';
import type { Derivation } from '../solver/derivation.js';
import { codePointCompare } from '../util/compare.js';

/** Finding kinds and severities (docs/reference.md, "Findings"), in the order reports group them. */
export const FINDING_KINDS = {
  unpinned: 'error',
  'pin-outside-range': 'error',
  unsatisfiable: 'error',
  'multiple-pins': 'error',
  'peer-unsatisfied': 'error',
  'internal-range': 'error',
  'missing-version': 'error',
  'engine-mismatch': 'error',
  'excluded-pin': 'error',
  'upgrade-conflict': 'error',
  'lockfile-mismatch': 'error',
  'unused-pin': 'warning',
  'deprecated-pin': 'warning',
  unsorted: 'warning',
  'expired-hold': 'warning',
  'loose-tag': 'warning',
  unmanaged: 'info',
} as const;

export type FindingKind = keyof typeof FINDING_KINDS;
export type Severity = 'error' | 'warning' | 'info';

export interface Requirement {
  by: string;
  range: string;
  path: string[];
  file?: string;
  line?: number;
  col?: number;
}

/** One finding, shaped as the JSON of docs/reference.md. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  package: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  pins?: string[];
  requirements?: Requirement[];
  /** the derivation in words (src/report/derivation.ts), and as data */
  explanation?: string;
  derivation?: Derivation;
  suggestion?: string;
  /** unused-pin: the other unused pins (NAME@VERSION) that only this one needed, folded into this finding */
  cascade?: string[];
  /** the safe fix `check --fix` applies: pins to add or remove (NAME@VERSION) */
  fix?: PinFix;
}

/** A change to the pins that cannot break what already works: add a pin an edge needs, remove pins nothing reaches. */
export interface PinFix {
  add?: string[];
  remove?: string[];
}

export function makeFinding(kind: FindingKind, fields: Omit<Finding, 'kind' | 'severity'>): Finding {
  return { kind, severity: FINDING_KINDS[kind], ...fields };
}

/** Findings are the same (across git refs, before and after a bump) when kind, package, file and message are. */
export function findingIdentity(f: Finding): string {
  return [f.kind, f.package, f.file ?? '', f.message].join('\0');
}

/** Applies a fix to a pin set in place (versions newest first, empty names dropped); says whether anything changed. */
export function applyPinFix(pins: Map<string, string[]>, fix: PinFix): boolean {
  let changed = false;
  for (const id of fix.add ?? []) {
    const [name, version] = splitNodeId(id);
    const list = pins.get(name) ?? [];
    if (list.includes(version)) continue;
    pins.set(name, [...list, version].sort(semver.rcompare));
    changed = true;
  }
  for (const id of fix.remove ?? []) {
    const [name, version] = splitNodeId(id);
    const list = pins.get(name) ?? [];
    if (!list.includes(version)) continue;
    const left = list.filter((v) => v !== version);
    if (left.length > 0) pins.set(name, left);
    else pins.delete(name);
    changed = true;
  }
  return changed;
}

const KIND_ORDER = Object.keys(FINDING_KINDS);

/** A stable order: kind (table order), package, file, line, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    codePointCompare(a.package, b.package) ||
    codePointCompare(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    codePointCompare(a.message, b.message)
  );
}


