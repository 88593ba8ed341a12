/** `[c d e]` → `(seq …)`; inside, an event may carry repetition numbers (`c'1,3`). */
import { list } from '../../lisp/form.js';
import type { Form } from '../../lisp/form.js';
import { HEAD } from './leaves.js';
import { onRepetitions, orRepeated } from './repeat.js';
import { closing, eventsUntil, seq, spanned, spanOf, textOf, token, withSuffix } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';

export const atClose = (kind: number) => (tokens: TokenStream, i: number): boolean =>
  tokens.kinds[i] === kind || tokens.kinds[i] === TokenKind.EOF;

export const eventSequence = (innerEvent: TokParser<Event>): TokParser<Form> => {
  const item: TokParser<Event> = withSuffix(innerEvent, TokenKind.Repetitions, (event, reps, span, tokens) =>
    onRepetitions(event, textOf(tokens, reps), spanOf(tokens, reps, reps), span),
  );
  return orRepeated(
    spanned(
      seq<[number, Form[], number]>([
        token(TokenKind.EventSeqOpen, 'in event sequence'),
        eventsUntil(atClose(TokenKind.EventSeqClose), item),
        closing(TokenKind.EventSeqClose, 'unterminated event sequence', item),
      ]),
      ([, events], span) => list([HEAD.seq, ...events], span),
    ),
  );
};
