/**
 * `{c d e}2` → `(cram … (duration …))`. An empty cram crashes Alda's parser; here it is
 * a syntax error.
 */
import { list } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { DURATION_START, duration } from './duration.js';
import { atClose } from './event-sequence.js';
import { HEAD } from './leaves.js';
import { orRepeated } from './repeat.js';
import { closing, eventsUntil, ifNext, seq, spanned, token, tokParser } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';
import { failed } from './parser-state.js';

export const cram = (innerEvent: TokParser<Event>): TokParser<Form> => {
  const body = seq<[number, Form[], number]>([
    token(TokenKind.CramOpen, 'in cram expression'),
    eventsUntil(atClose(TokenKind.CramClose), innerEvent),
    closing(TokenKind.CramClose, 'unterminated cram expression', innerEvent),
  ]);
  const nonEmpty = tokParser<[number, Form[], number]>((state, tokens) => {
    const out = body.p(state);
    if (out.isError) return out;
    const [open, events, close] = out.result as [number, Form[], number];
    if (events.length > 0) return out;
    const span = { start: tokens.starts[open]!, end: tokens.ends[close]! };
    return failed(out, {
      code: 'ALDA_EMPTY_CRAM',
      message: 'A cram expression needs at least one event',
      span,
    });
  });
  return orRepeated(
    spanned(seq<[[number, Form[], number], ListForm | null]>([nonEmpty, ifNext(DURATION_START, duration)]), ([[, events], length], span) =>
      list(length ? [HEAD.cram, ...events, length] : [HEAD.cram, ...events], span),
    ),
  );
};
