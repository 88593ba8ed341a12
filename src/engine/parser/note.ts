/**
 * Notes (`c`, `f+8.`, `b-4~`) and rests (`r`, `r2s`). A score is mostly notes, so each
 * is one parser scanning its tokens in place and building its form once.
 */
import { list } from '../../lisp/form.js';
import type { Form, KeywordForm, ListForm } from '../../lisp/form.js';
import { DURATION_START, durationAt, durationForm } from './duration.js';
import { HEAD, KW } from './leaves.js';
import { moveTo } from './parser-state.js';
import { byKind, tokParser, unexpected } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { SharedItems } from './shared-items.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';

const LETTERS: Record<string, KeywordForm> = { a: KW.a, b: KW.b, c: KW.c, d: KW.d, e: KW.e, f: KW.f, g: KW.g };

const PITCHES = new SharedItems();
const PLAIN_PITCHES: Record<string, readonly Form[]> = Object.fromEntries(
  Object.entries(LETTERS).map(([name, keyword]) => [name, Object.freeze([HEAD.pitch, keyword])]),
);
const PAUSE_ITEMS: readonly Form[] = Object.freeze([HEAD.pause]);

const ACCIDENTALS: (KeywordForm | undefined)[] = [];
ACCIDENTALS[TokenKind.Sharp] = KW.sharp;
ACCIDENTALS[TokenKind.Flat] = KW.flat;
ACCIDENTALS[TokenKind.Natural] = KW.natural;

function pitchItems(kinds: Uint8Array, letter: string, from: number, to: number): Form[] {
  const items: Form[] = [HEAD.pitch, LETTERS[letter]!];
  for (let i = from; i < to; i++) items.push(ACCIDENTALS[kinds[i]!]!);
  return items;
}

/**
 * `(note (pitch :c :sharp) (duration …) :slur)` for the note whose letter is token `letter`,
 * and the token after it; pitch and duration share the note's span.
 */
export function noteAt(tokens: TokenStream, letter: number): { form: ListForm; end: number } {
  const k = tokens.kinds;
  let at = letter + 1;
  while (ACCIDENTALS[k[at]!]) at++;
  const name = tokens.text[tokens.starts[letter]!]!;
  const pitch =
    at === letter + 1
      ? PLAIN_PITCHES[name]!
      : PITCHES.get(tokens.text.slice(tokens.starts[letter], tokens.ends[at - 1]), () => pitchItems(tokens.kinds, name, letter + 1, at));
  let lengths: number[] | null = null;
  if (DURATION_START[k[at]!]) {
    const found = durationAt(tokens, at);
    lengths = found.indexes;
    at = found.end;
  }
  const slurred = k[at] === TokenKind.Tie;
  if (slurred) at++;
  const span = { start: tokens.starts[letter]!, end: tokens.ends[at - 1]! };
  const pitchForm = list(pitch, span);
  // Arrays are built at their final size: a push would reserve room for ~17 items.
  let items: Form[];
  if (lengths === null) items = slurred ? [HEAD.note, pitchForm, KW.slur] : [HEAD.note, pitchForm];
  else {
    const length = durationForm(tokens, lengths, span);
    items = slurred ? [HEAD.note, pitchForm, length, KW.slur] : [HEAD.note, pitchForm, length];
  }
  return { form: list(items, span), end: at };
}

/** `(pause)`, `(pause (duration …))` for the rest whose letter is token `letter`, and the token after it. */
export function restAt(tokens: TokenStream, letter: number): { form: ListForm; end: number } {
  if (!DURATION_START[tokens.kinds[letter + 1]!]) {
    return { form: list(PAUSE_ITEMS, { start: tokens.starts[letter]!, end: tokens.ends[letter]! }), end: letter + 1 };
  }
  const { indexes, end } = durationAt(tokens, letter + 1);
  const span = { start: tokens.starts[letter]!, end: tokens.ends[end - 1]! };
  return { form: list([HEAD.pause, durationForm(tokens, indexes, span)], span), end };
}

const fromTokens = (at: (tokens: TokenStream, letter: number) => { form: ListForm; end: number }): TokParser<ListForm> =>
  tokParser((state, tokens) => {
    const { form, end } = at(tokens, state.index);
    return moveTo(state, form, end);
  });

const note = fromTokens(noteAt);
const rest = fromTokens(restAt);

export const noteOrRest = byKind<ListForm>({ [TokenKind.NoteLetter]: note, [TokenKind.RestLetter]: rest }, unexpected('in chord'));
