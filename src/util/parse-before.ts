import { InputError } from '../errors.js';

/** `--before`: a date, or any text Date.parse reads; an input error otherwise. */
export function parseBefore(before: string | Date | undefined): Date | undefined {
  if (before === undefined || before instanceof Date) return before;
  const t = Date.parse(before);
  if (Number.isNaN(t)) throw new InputError(`--before: "${before}" is not a date`);
  return new Date(t);
}
