/** Repeats (`X*3`) and repetition numbers (`X'1-3,5`, only inside `[ ]`). */
import { list, quote } from '../../lisp/form.js';
import type { Form, ListForm, Span } from '../../lisp/form.js';
import { HEAD, numberLeaf } from './leaves.js';
import { textOf, withSuffix } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { repeatCount, repetitionRanges } from './token-values.js';
import { TokenKind } from './tokens.js';

/**
 * `(repeat N X)` when `*N` follows. Alda drops a count of 0 after a note or chord (it
 * tests `times > 0` there) but keeps it after anything else; `keepZero` says which.
 */
export const orRepeated = (p: TokParser<Form>, keepZero = true): TokParser<Form> =>
  withSuffix(p, TokenKind.Repeat, (form, at, span, tokens) => {
    const times = repeatCount(textOf(tokens, at));
    return times === 0 && !keepZero ? form : list([HEAD.repeat, numberLeaf(times), form], span);
  });

/** A voice group stands for several forms; where one form is needed they become a `seq`. */
const asOneForm = (event: Event, span: Span): Form =>
  Array.isArray(event) ? list([HEAD.seq, ...(event as readonly Form[])], span) : (event as Form);

/** `(on-repetitions '((1 3) (5 5)) X)`. */
export function onRepetitions(event: Event, rangesText: string, rangesSpan: Span, span: Span): ListForm {
  const ranges = repetitionRanges(rangesText).map(({ first, last }) => list([numberLeaf(first), numberLeaf(last)], rangesSpan));
  return list([HEAD['on-repetitions'], quote(list(ranges, rangesSpan), rangesSpan), asOneForm(event, span)], span);
}
