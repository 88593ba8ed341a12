import { RequestError } from '../client/request-error.js';
import { errorHint, offsetOf } from '../engine/error-hints.js';
import { AldaError } from '../lisp/errors.js';
import { SourceText } from '../lisp/source.js';
import { isUsageError, USAGE_EXIT_CODE } from './usage-error.js';

/**
 * Prints what went wrong the way Alda does (`FILE:LINE:COL message`, then a `hint:` line where
 * Alda's message is cryptic) and sets exit code 1, or 2
 * for a command line that does not make sense. Anything that is not a user's error is a bug, and
 * says so.
 */
export function reportError(error: unknown, text?: string, name?: string): void {
  process.exitCode = 1;
  if (error instanceof AldaError) {
    const source = text ?? '';
    const hint = errorHint(error.message, source, error.span?.start ?? source.length);
    process.stderr.write(error.describe(new SourceText(source, name)) + '\n' + (hint ? `hint: ${hint}\n` : ''));
  } else if (error instanceof RequestError && error.span && text !== undefined) {
    // The server's error in the score it was sent: the same lines as the engine's here.
    const hint = errorHint(error.reason, text, offsetOf(text, error.span.line, error.span.column));
    process.stderr.write(error.message + '\n' + (hint ? `hint: ${hint}\n` : ''));
  } else if (isUsageError(error)) {
    process.exitCode = USAGE_EXIT_CODE;
    process.stderr.write(`error: ${error.message}\n`);
  } else if (isUsersError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`Oops! Something went wrong. This is a bug in alda-live; please report it.\n${detail}\n`);
  }
}

/** A user's error with no place in the score (a file that cannot be read, a bad `--from`): its code says so. */
function isUsersError(error: unknown): error is Error & { code: string } {
  const code: unknown = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ALDA_');
}
