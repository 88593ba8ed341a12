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
    if (name !== INPUT_NAME) return { code: error.code, message: error.describe(new SourceText(input, name)) };
    return { code: error.code, message: error.messageIn(new SourceText(input)), at: error.span && pointAt(input, error.span) };
  }
  if (error instanceof RequestError) {
    return { code: error.code, ...(name === INPUT_NAME ? locateServerMessage(input, name, error.message) : { message: error.message }) };
  }
  if (error instanceof ConnectionError) return { code: error.code, message: error.message };
  throw error;
}
