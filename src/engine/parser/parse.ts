/**
 * Alda 2 notation → alda.lisp forms. Two passes, as in Alda: the scanner turns the whole
 * text into tokens (so a bad character anywhere is the error reported), then the
 * grammar, written with arcsecond over the token kinds, builds the forms. A caller that
 * evaluates the forms at once may take plain top-level events itself (see PlainEvents).
 */
import { withData } from 'arcsecond';
import { checkScoreLength } from '../../lisp/budget.js';
import { AldaSyntaxError } from '../../lisp/errors.js';
import type { Form } from '../../lisp/form.js';
import { streamedScore, type PlainEvents } from './inner-event.js';
import { scan } from './scanner.js';
import { describeProblem } from './token-parsers.js';
import type { GrammarContext, ParseProblem } from './token-parsers.js';

/**
 * The forms of a score (docs/forms.md). Bad input throws an AldaSyntaxError with Alda's
 * message and the span of the culprit, whose `code` is one of:
 * - `ALDA_UNEXPECTED_CHAR`: the scanner met a character that cannot stand there (`c|d`, `o4c`);
 * - `ALDA_UNEXPECTED_TOKEN`: the grammar met a token that cannot stand there (`c//e`);
 * - `ALDA_UNTERMINATED`: a string, alias, `(`, `[` or `{` is still open at the end;
 * - `ALDA_EMPTY_VARIABLE`: `name =` with no event on its line;
 * - `ALDA_EMPTY_CRAM`: `{}` (Alda's own parser crashes on it);
 * - `ALDA_NESTING_TOO_DEEP`: more than 200 nested events or lists (a guard of ours).
 * The symbols of S-expressions are marked as Alda 2's inline Lisp, so that evaluating
 * `(chord …)` written inside a score fails as it does in Alda (src/engine/inline-lisp.ts).
 * A text longer than `maxLength` (default 1 Mi characters) is an AldaBudgetError, `BUDGET_LENGTH`,
 * before any of it is scanned: every path that parses text (file, REPL line, `eval`, job) comes here.
 */
export function parseAlda(text: string, options: ParseOptions = {}): Form[] {
  const forms: Form[] = [];
  parseAldaInto(text, (form) => forms.push(form), options);
  return forms;
}

export interface ParseOptions {
  readonly maxLength?: number;
}

/**
 * As parseAlda, but hands each top-level form to `sink` as soon as it is parsed, so that
 * a big score can be evaluated while it is read; `plain`, when given, takes the top-level
 * events it compiles itself (they reach `sink` as no form). Forms already handed over before a
 * syntax error stand; the caller decides what to do with them (the CLI discards them).
 */
export function parseAldaInto(text: string, sink: (form: Form) => void, options: ParseOptions = {}, plain?: PlainEvents): void {
  checkScoreLength(text, options.maxLength);
  const tokens = scan(text);
  const result = withData<Form[], ParseProblem, GrammarContext>(streamedScore(sink, plain))({ tokens, depth: 0 }).run(tokens.kinds);
  if (result.isError) {
    const { code, message, span } = describeProblem(tokens, result.error);
    throw new AldaSyntaxError(code, message, span);
  }
}
