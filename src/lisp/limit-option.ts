/**
 * Reads a limit from an options object. A bad limit is a programmer's mistake, not a
 * user's, so it throws a TypeError naming the option, what was expected and what came.
 */
export function limitOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new TypeError(`The ${name} option must be a positive integer; got ${shown} (${typeof value})`);
}
