import { errorHint, offsetOf } from '../engine/error-hints.js';
import { AldaError } from '../lisp/errors.js';
import { SourceText } from '../lisp/source.js';
import { ConnectionError, RequestError } from '../client/client.js';
import { atLine, pointAt } from './error-position.js';
import type { ReplError } from './transcript.js';

/** The name inputs go by in the server's messages: its error spans then point into the input. */
export const INPUT_NAME = '<repl>';

/**
 * What to show for an input (named `name`) that failed: the engine's error with its place in
 * the input, the server's with the place its span gives, or why the server could
 * not be asked. Anything else is a bug, and is thrown on.
 */
export function replError(error: unknown, input: string, name: string): ReplError {
  if (error instanceof AldaError) {
    const hint = errorHint(error.message, input, error.span?.start ?? input.length);
    if (name !== INPUT_NAME) return { code: error.code, message: error.describe(new SourceText(input, name)), hint };
    return { code: error.code, message: error.messageIn(new SourceText(input)), at: error.span && pointAt(input, error.span), hint };
  }
  if (error instanceof RequestError) {
    const span = error.span;
    const hint = span && errorHint(error.reason, input, offsetOf(input, span.line, span.column));
    if (name === INPUT_NAME && span) return { code: error.code, message: error.reason, at: atLine(input, span.line, span.column), hint };
    return { code: error.code, message: error.message, hint };
  }
  if (error instanceof ConnectionError) return { code: error.code, message: error.message };
  throw error;
}
