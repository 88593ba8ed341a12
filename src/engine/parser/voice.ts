/**
 * `V1: … V2: … V0:` → `(voice 1) … (voice 2) … (end-voices)`, flat as Alda's parser
 * emits them. A voice runs to the next voice marker, part declaration, `]`, `}` or EOF.
 * A group that starts with `V0:` is voice 0, as in Alda.
 */
import { list } from '../../lisp/form.js';
import type { Form } from '../../lisp/form.js';
import { HEAD, numberLeaf } from './leaves.js';
import { looksLikePartDeclaration } from './part-declaration.js';
import { eventsUntil, ifNext, kinds, manyWhile, seq, spanOf, textOf, tokParser, unexpected } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { int32 } from './token-values.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';
import { moveTo } from './parser-state.js';

const MARKER = kinds(TokenKind.VoiceMarker);

const voiceNumber = (tokens: TokenStream, i: number): number => int32(textOf(tokens, i).slice(1, -1));

const endsVoice = (tokens: TokenStream, i: number): boolean => {
  const kind = tokens.kinds[i];
  return (
    kind === TokenKind.EOF ||
    kind === TokenKind.VoiceMarker ||
    kind === TokenKind.EventSeqClose ||
    kind === TokenKind.CramClose ||
    looksLikePartDeclaration(tokens, i)
  );
};

/** A voice marker whose number passes `accept`, as `(voice n)` or `(end-voices)`. */
const marker = (accept: (n: number) => boolean, build: (n: number) => Form[]): TokParser<Form> =>
  tokParser((state, tokens) => {
    const i = state.index;
    if (tokens.kinds[i] !== TokenKind.VoiceMarker || !accept(voiceNumber(tokens, i))) return unexpected('in voice group').p(state);
    return moveTo(state, list(build(voiceNumber(tokens, i)), spanOf(tokens, i, i)), i + 1);
  });

export const voiceGroup = (innerEvent: TokParser<Event>): TokParser<Event> => {
  const events = eventsUntil(endsVoice, innerEvent);
  const first = seq<[Form, Form[]]>([marker(() => true, (n) => [HEAD.voice, numberLeaf(n)]), events]);
  const next = seq<[Form, Form[]]>([marker((n) => n !== 0, (n) => [HEAD.voice, numberLeaf(n)]), events]);
  const end = marker((n) => n === 0, () => [HEAD['end-voices']]);
  return seq<[[Form, Form[]], [Form, Form[]][], Form | null]>([first, manyWhile(MARKER, next), ifNext(MARKER, end)]).map(([[v, evs], rest, close]) => {
    const forms: Form[] = [v, ...evs];
    for (const [marker, more] of rest) {
      forms.push(marker);
      for (const f of more) forms.push(f); // not push(...more): a voice may hold 100k events
    }
    if (close) forms.push(close);
    return forms as Event;
  });
};
