import { readFileSync } from 'node:fs';

let version: string | undefined;

/** constrain's own version: the single-file bundle has it compiled in; the package reads its package.json. */
export function constrainVersion(): string {
  if (process.env.CONSTRAIN_VERSION) return process.env.CONSTRAIN_VERSION;
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
