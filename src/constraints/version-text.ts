import semver from 'semver';

const EXACT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Why a text is not an exact version, or undefined when it is one. */
export function exactVersionProblem(text: string): string | undefined {
  if (EXACT.test(text) && semver.valid(text) !== null) return undefined;
  if (/^[vV=]\s*\d/.test(text) && semver.valid(text)) return `"${text}" has a prefix; write the exact version ${semver.valid(text)}`;
  if (semver.validRange(text) && !semver.valid(text)) return `"${text}" is a range; a pin must be an exact version`;
  if (/^[a-z][a-z0-9-]*$/i.test(text)) return `"${text}" is a tag; a pin must be an exact version`;
  return `"${text}" is not a valid version`;
}
