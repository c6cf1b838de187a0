import type { Derivation } from '../solver/derivation.js';
import type { Finding } from './finding.js';

/** The forecast's result: plain data, rendered by src/report/forecast.ts. */
export interface ForecastBreak {
  member: string;
  /** the error findings check reports after the bump, that it does not report now */
  findings: { kind: Finding['kind']; package: string; message: string; derivation?: Derivation }[];
}

export interface ForecastCandidate {
  version: string;
  /** which release this is: the newest of the same major, the next major, the newest of all */
  labels: ('minor' | 'major' | 'newest')[];
  published: string | null;
  /** check passes after the bump alone */
  safe: boolean;
  breaks: ForecastBreak[];
  /** errors of the bump that no member owns (a pin, the lockfile) */
  other: ForecastBreak['findings'];
  /** policy entries the version conflicts with */
  policy: { kind: 'hold' | 'exclude'; text: string; file?: string; line?: number }[];
  /** the bump as a pin change: the name's new pins, and the pins its new dependencies need */
  pins: Record<string, string[]>;
}

export interface ForecastEntry {
  package: string;
  current: string[];
  candidates: ForecastCandidate[];
}

export interface ForecastResult {
  forecasts: ForecastEntry[];
}

