import { InvalidArgumentError, type Command } from 'commander';
import { USAGE_EXIT_CODE } from './usage-error.js';

/**
 * The parsers of every option value that is not free text, so that a bad value is refused
 * while the command line is read, before anything starts: commander prints
 * `error: option '--port <port>' argument '80000' is invalid. …` and the command exits 2
 * (see `usageErrors`). The ranges are those the server and performer enforce again.
 */


/** A TCP port to listen on; 0 picks a free one. */
export const tcpPort = wholeNumber(0, 65_535);

/** How many idle performers a server keeps (the pool takes 0–16). */
export const spareCount = wholeNumber(0, 16);

/** How far ahead a performer places new events, in ms (the performer takes 0–10000). */
export function lookahead(value: string): number {
  const ms = Number(value);
  if (value.trim() === '' || !(ms >= 0 && ms <= 10_000)) throw new InvalidArgumentError('Give a number of milliseconds from 0 to 10000.');
  return ms;
}

/** How long sound takes from a MIDI message to the speaker, in ms (the performer takes 0–1000). */
export function outputLatency(value: string): number {
  const ms = Number(value);
  if (value.trim() === '' || !(ms >= 0 && ms <= 1000)) throw new InvalidArgumentError('Give a number of milliseconds from 0 to 1000.');
  return ms;
}

/** A session name, as the protocol takes it. */
export function sessionName(value: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new InvalidArgumentError('A session name is 1–64 of A–Z a–z 0–9 . _ -');
  return value;
}

/** A server address for a performer started by hand. */
export function serverUrl(value: string): string {
  if (!/^wss?:\/\/[^/\s]+/.test(value)) throw new InvalidArgumentError('Give the server\'s WebSocket address, e.g. ws://192.168.1.20:27713 (`alda-live ps` shows it).');
  return value;
}

/** A browser origin as browsers send it (`scheme://host[:port]`): anything else would never match. */
export function browserOrigin(value: string, previous: string[] | undefined): string[] {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (origin !== value) throw new InvalidArgumentError('An origin is scheme://host[:port], with no path, e.g. http://localhost:5173');
  return [...(previous ?? []), value];
}

/** A number (fractions allowed) from MIN to MAX, of UNIT if given (`dB`). */
export function decimalNumber(min: number, max: number, unit?: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !(number >= min && number <= max)) {
      throw new InvalidArgumentError(`Give a number ${unit ? `of ${unit} ` : ''}from ${min} to ${max}.`);
    }
    return number;
  };
}

export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}.`);
    }
    return number;
  };
}

/**
 * Makes every command of `program` (those registered after this call inherit it) end a command
 * line it does not understand with one line on stderr and exit status 2: no help dump, no stack.
 * Help and `--version` still exit 0.
 */
export function usageErrors(program: Command): Command {
  return program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE));
}

/** Refuses a command line from within an action (a combination of options commander cannot check). */
export function usageError(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: USAGE_EXIT_CODE, code: 'alda-live.usage' });
}
