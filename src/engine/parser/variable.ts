/**
 * `riff = c d e` → `(set-variable "riff" …)`; `riff` → `(get-variable "riff")`. A
 * definition takes the events that start on the name's line, and needs at least one.
 */
import { list, string } from '../../lisp/form.js';
import type { Form } from '../../lisp/form.js';
import { HEAD } from './leaves.js';
import { orRepeated } from './repeat.js';
import { eventsUntil, problemAt, seq, spanned, spanOf, textOf, token, tokParser } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';
import { failed, moveTo } from './parser-state.js';

const sameLineAsName = tokParser<null>((state, tokens) => {
  const name = state.index - 2;
  const next = state.index;
  if (tokens.kinds[next] === TokenKind.EOF || tokens.line(next) > tokens.line(name)) {
    return failed(
      state,
      problemAt(tokens, name, 'ALDA_EMPTY_VARIABLE', "there must be at least one event on the same line as the '='"),
    );
  }
  return moveTo(state, null, state.index);
});

/** `first` is the first event's token; the name is two tokens before it (`name =`). */
const offTheNameLine = (tokens: TokenStream, i: number, first: number): boolean =>
  tokens.kinds[i] === TokenKind.EOF || tokens.line(i) !== tokens.line(first - 2);

export const variableOperation = (innerEvent: TokParser<Event>): TokParser<Form> => {
  const definition = spanned(
    seq<[number, number, null, Form[]]>([
      token(TokenKind.Name, 'in variable definition'),
      token(TokenKind.Equals, 'in variable definition'),
      sameLineAsName,
      eventsUntil(offTheNameLine, innerEvent),
    ]),
    // Alda places a definition, and so its errors, at the `=`.
    ([name, equals, , events], span, tokens) =>
      list([HEAD['set-variable'], string(textOf(tokens, name)), ...events], { start: tokens.starts[equals]!, end: span.end }) as Form,
  );
  const reference = orRepeated(
    tokParser<Form>((state, tokens) => {
      const span = spanOf(tokens, state.index, state.index);
      return moveTo(state, list([HEAD['get-variable'], string(textOf(tokens, state.index))], span), state.index + 1);
    }),
  );
  // Alda decides on the token after the name.
  return tokParser<Form>((state, tokens) =>
    (tokens.kinds[state.index + 1] === TokenKind.Equals ? definition : reference).p(state),
  );
};
