import { errorHint, offsetOf } from '../engine/error-hints.js';
import { AldaError } from '../lisp/errors.js';
import { SourceText } from '../lisp/source.js';
import { ConnectionError, RequestError } from './connection.js';
import { locateServerMessage, pointAt } from './error-position.js';
import type { ReplError } from './transcript.js';

/** The name inputs go by in the server's messages, so that their positions can be read back. */
export const INPUT_NAME = '<repl>';

/**
 * What to show for an input (named `name`) that failed: the engine's error with its place in
 * the input, the server's with the place read back from its message, or why the server could
 * not be asked. Anything else is a bug, and is thrown on.
 */
export function replError(error: unknown, input: string, name: string): ReplError {
  if (error instanceof AldaError) {
    const hint = errorHint(error.message, input, error.span?.start ?? input.length);
    if (name !== INPUT_NAME) return { code: error.code, message: error.describe(new SourceText(input, name)), hint };
    return { code: error.code, message: error.message, at: error.span && pointAt(input, error.span), hint };
  }
  if (error instanceof RequestError) {
    const located = locateServerMessage(input, name, error.message);
    const hint = located.at && errorHint(located.message, input, offsetOf(input, located.at.line, located.at.column));
    return { code: error.code, ...(name === INPUT_NAME ? located : { message: error.message }), hint };
  }
  if (error instanceof ConnectionError) return { code: error.code, message: error.message };
  throw error;
}
