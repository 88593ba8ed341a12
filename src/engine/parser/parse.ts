/**
 * Alda 2 notation → alda.lisp forms. Two passes, as in Alda: the scanner turns the whole
 * text into tokens (so a bad character anywhere is the error reported), then the
 * grammar, written with arcsecond over the token kinds, builds the forms.
 */
import { withData } from 'arcsecond';
import { AldaSyntaxError } from '../../lisp/errors.js';
import type { Form } from '../../lisp/form.js';
import { score } from './inner-event.js';
import { scan } from './scanner.js';
import { describeProblem } from './token-parsers.js';
import type { GrammarContext, ParseProblem } from './token-parsers.js';

/** The forms of a score; throws AldaSyntaxError, with Alda's message and a span, on bad input. */
export function parseAlda(text: string): Form[] {
  const tokens = scan(text);
  const result = withData<Form[], ParseProblem, GrammarContext>(score)({ tokens, depth: 0 }).run(tokens.kinds);
  if (result.isError) {
    const { code, message, span } = describeProblem(tokens, result.error);
    throw new AldaSyntaxError(code, message, span);
  }
  return result.result;
}
