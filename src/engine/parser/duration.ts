/**
 * Durations: `4`, `2..`, `350ms`, `2s`, tied with `~` (`c1~2~4`), with barlines allowed
 * inside the tie (`c1|~1`). Alda's parser tries one only after a note letter, a rest
 * letter or a cram, and only when a length token comes first.
 *
 * This parser scans the tokens in place (half the notes of a score have a duration):
 * components and barlines are taken in order; a `~` is taken only when a length
 * follows it past any barlines and extra `~`, otherwise it is a slur and Alda
 * backtracks to before it.
 */
import { list } from '../../lisp/form.js';
import type { Form, ListForm, Span } from '../../lisp/form.js';
import { HEAD, KW, numberLeaf } from './leaves.js';
import { moveTo } from './parser-state.js';
import { kinds, spanned, tokParser, unexpected } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { lispNumber, noteLength } from './token-values.js';
import { SharedItems } from './shared-items.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';

const MS_ITEMS = new SharedItems();
const SECONDS_ITEMS = new SharedItems();
const LENGTH_ITEMS = new SharedItems();
/** `(duration (note-length 8))` whole, for the common one-component duration: see durationForm. */
const SINGLE_DURATION_ITEMS = [new SharedItems(), new SharedItems(), new SharedItems()] as const;
const BARLINE_ITEMS: readonly Form[] = Object.freeze([HEAD.barline]);

export const DURATION_START = kinds(TokenKind.NoteLength, TokenKind.NoteLengthMs, TokenKind.NoteLengthSeconds);

/**
 * The token after the duration starting at `i` (a length token). Barlines are part of it (they
 * are part of the duration in Alda's events), and so is a `~` that a length follows.
 */
export function durationEnd(kinds: Uint8Array, i: number): number {
  let at = i + 1;
  for (;;) {
    while (kinds[at] === TokenKind.Barline) at++;
    if (kinds[at] !== TokenKind.Tie) return at;
    let probe = at + 1;
    while (kinds[probe] === TokenKind.Barline) probe++;
    while (kinds[probe] === TokenKind.Tie) probe++;
    if (!DURATION_START[kinds[probe]!]) return at;
    at = probe + 1;
  }
}

/** The token indexes of the duration starting at `i` (its lengths and barlines, not its ties), and the index after it. */
export function durationAt(tokens: TokenStream, i: number): { indexes: number[]; end: number } {
  const k = tokens.kinds;
  const end = durationEnd(k, i);
  const indexes: number[] = [];
  for (let at = i; at < end; at++) if (k[at] !== TokenKind.Tie) indexes.push(at);
  return { indexes, end };
}

function noteLengthItems(text: string): Form[] {
  const { denominator, dots } = noteLength(text);
  const length = numberLeaf(denominator);
  return dots > 0 ? [HEAD['note-length'], length, KW.dots, numberLeaf(dots)] : [HEAD['note-length'], length];
}

function componentItems(kind: number | undefined, text: string): Form[] {
  switch (kind) {
    case TokenKind.NoteLengthMs:
      return [HEAD.ms, numberLeaf(lispNumber(text.slice(0, -2)))];
    case TokenKind.NoteLengthSeconds:
      return [HEAD.seconds, numberLeaf(lispNumber(text.slice(0, -1)))];
    default:
      return noteLengthItems(text);
  }
}

/**
 * `(duration …)`; every length list shares `span`, a barline has its own. A duration of
 * one component (most of them) shares its items whole, inner list included, with every
 * duration spelled the same: the evaluator then answers it from memory, and an error in
 * it is reported at the duration's span.
 */
export function durationForm(tokens: TokenStream, indexes: readonly number[], span: Span): ListForm {
  if (indexes.length === 1) {
    const i = indexes[0]!;
    const kind = tokens.kinds[i];
    const cache = SINGLE_DURATION_ITEMS[kind === TokenKind.NoteLengthMs ? 1 : kind === TokenKind.NoteLengthSeconds ? 2 : 0];
    return list(cache.forToken(tokens, i, (text) => [HEAD.duration, list(Object.freeze(componentItems(kind, text)))]), span);
  }
  // Arrays are built at their final size: a push would reserve room for ~17 items.
  const items: Form[] = new Array<Form>(indexes.length + 1);
  items[0] = HEAD.duration;
  let at = 1;
  for (const i of indexes) {
    switch (tokens.kinds[i]) {
      case TokenKind.Barline:
        items[at++] = list(BARLINE_ITEMS, { start: tokens.starts[i]!, end: tokens.ends[i]! });
        break;
      case TokenKind.NoteLengthMs:
        items[at++] = list(MS_ITEMS.forToken(tokens, i, (text) => [HEAD.ms, numberLeaf(lispNumber(text.slice(0, -2)))]), span);
        break;
      case TokenKind.NoteLengthSeconds:
        items[at++] = list(SECONDS_ITEMS.forToken(tokens, i, (text) => [HEAD.seconds, numberLeaf(lispNumber(text.slice(0, -1)))]), span);
        break;
      default:
        items[at++] = list(LENGTH_ITEMS.forToken(tokens, i, noteLengthItems), span);
    }
  }
  return list(items, span);
}

/** A duration on its own (a cram's), as a form with its own span. */
export const duration: TokParser<ListForm> = spanned(
  tokParser<number[]>((state, tokens) => {
    if (!DURATION_START[tokens.kinds[state.index]!]) return unexpected('in duration').p(state);
    const { indexes, end } = durationAt(tokens, state.index);
    return moveTo(state, indexes, end);
  }),
  (indexes, span, tokens) => durationForm(tokens, indexes, span),
);
