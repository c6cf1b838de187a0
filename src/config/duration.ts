/** Units a duration may use: npm-style "3d", "12h", and spelled out, "3 days", "2 weeks", "90 minutes". */
const UNITS: [RegExp, number][] = [
  [/^(ms|milliseconds?)$/, 1],
  [/^(s|secs?|seconds?)$/, 1e3],
  [/^(m|mins?|minutes?)$/, 6e4],
  [/^(h|hrs?|hours?)$/, 36e5],
  [/^(d|days?)$/, 864e5],
  [/^(w|wks?|weeks?)$/, 6048e5],
];

/** Parses durations such as "3d", "12h", "90m", "1w", "3 days" or "2 weeks" into milliseconds; undefined when malformed. A bare number is days. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit === '') return n * 864e5;
  const factor = UNITS.find(([re]) => re.test(unit))?.[1];
  return factor === undefined ? undefined : n * factor;
}
