/**
 * One event, chosen by its first token as in Alda's `innerEvent`, and the score: parts
 * and the implicit part before the first declaration.
 */
import { list, string } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { noteRestOrChord } from './chord.js';
import { cram } from './cram.js';
import { eventSequence } from './event-sequence.js';
import { HEAD } from './leaves.js';
import { lispList } from './lisp-sexp.js';
import { octaveDown, octaveSet, octaveUp } from './octave.js';
import { looksLikePartDeclaration, partDeclaration } from './part-declaration.js';
import { orRepeated } from './repeat.js';
import { atEnd, byKind, nested, recursive, spanOf, textOf, tokParser, unexpected } from './token-parsers.js';
import type { GrammarContext } from './token-parsers.js';
import type { Event, TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';
import { variableOperation } from './variable.js';
import { voiceGroup } from './voice.js';
import { moveTo } from './parser-state.js';

const BARLINE_ITEMS: readonly Form[] = Object.freeze([HEAD.barline]);

const barline: TokParser<Form> = tokParser((state, tokens) =>
  moveTo(state, list(BARLINE_ITEMS, spanOf(tokens, state.index, state.index)), state.index + 1),
);

/** `%name`, `@name` → `(marker "name")`, `(at-marker "name")`. */
const markerOf = (head: Form): TokParser<Form> =>
  tokParser((state, tokens) => {
    const i = state.index;
    return moveTo(state, list([head, string(textOf(tokens, i).slice(1))], spanOf(tokens, i, i)), i + 1);
  });

const event: TokParser<Event> = recursive(() => innerEvent);

const innerEvent: TokParser<Event> = nested(
  byKind<Event>(
    {
      [TokenKind.LeftParen]: orRepeated(lispList),
      [TokenKind.Name]: variableOperation(event),
      [TokenKind.OctaveSet]: octaveSet,
      [TokenKind.OctaveUp]: octaveUp,
      [TokenKind.OctaveDown]: octaveDown,
      [TokenKind.NoteLetter]: noteRestOrChord,
      [TokenKind.RestLetter]: noteRestOrChord,
      [TokenKind.Barline]: barline,
      [TokenKind.EventSeqOpen]: eventSequence(event),
      [TokenKind.CramOpen]: cram(event),
      [TokenKind.VoiceMarker]: voiceGroup(event),
      [TokenKind.Marker]: markerOf(HEAD.marker),
      [TokenKind.AtMarker]: markerOf(HEAD['at-marker']),
    },
    unexpected('in inner events'),
  ),
);

/**
 * The whole score, each top-level form handed to `sink` as soon as it is parsed, so that
 * a big score can be evaluated while it is read and need never be held whole. The
 * parser's own result is empty. `plain`, when given, is offered each top-level event
 * first: it returns the token after the event when it took it, or -1 to leave it to the
 * grammar (see PlainEvents).
 */
export const streamedScore = (sink: (form: Form) => void, plain?: PlainEvents): TokParser<Form[]> =>
  tokParser((state, tokens) => {
    const emit = (event: Event) => {
      if (Array.isArray(event)) for (const form of event as readonly Form[]) sink(form);
      else sink(event as Form);
    };
    let current = state;
    let index = state.index;
    const lispAt: LispAt = (i, depth) => {
      const context = state.data as GrammarContext;
      const outside = context.depth;
      context.depth = depth;
      try {
        const out = lispList.p(moveTo(state, null, i));
        return out.isError ? undefined : { form: out.result as ListForm, end: out.index };
      } finally {
        context.depth = outside;
      }
    };
    while (!atEnd(tokens, index)) {
      const next = plain ? plain(tokens, index, lispAt) : -1;
      if (next >= 0) {
        index = next;
        continue;
      }
      const out = topLevelStep.p(current.index === index ? current : moveTo(current, null, index));
      if (out.isError) return out;
      emit(out.result);
      current = out;
      index = out.index;
    }
    return moveTo(current, [], index);
  });

/**
 * Takes the top-level event at token `i` if it is one it compiles itself, returning the token
 * after it, else -1. A score is mostly plain notes: taking them past the grammar spares its
 * parser states and forms.
 */
export type PlainEvents = (tokens: TokenStream, i: number, lispAt: LispAt) => number;

/** The S-expression at token `i`, `depth` events deep, as the grammar reads it, and the token after it; undefined where it is not one. */
export type LispAt = (i: number, depth: number) => { form: ListForm; end: number } | undefined;

/** One step of the top level: a part declaration, or one event of the current (or implicit) part. */
const topLevelStep: TokParser<Event> = tokParser((state, tokens) =>
  (looksLikePartDeclaration(tokens, state.index) ? partDeclaration : innerEvent).p(state),
);
