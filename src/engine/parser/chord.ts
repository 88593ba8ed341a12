/**
 * A note or rest, or a chord of them (`c/e/g`, `c1/>e2/g4/r8`). Octave changes and
 * S-expressions may stand around each `/`. Alda reads them after every member and
 * backtracks when no `/` follows, so `c > d` is a note, an octave change and a note.
 */
import { list } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { HEAD } from './leaves.js';
import { lispList } from './lisp-sexp.js';
import { noteOrRest } from './note.js';
import { octaveDown, octaveSet, octaveUp } from './octave.js';
import { orRepeated } from './repeat.js';
import { attempt, byKind, kinds, manyWhile, seq, spanned, token, tokParser, unexpected } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';

const BETWEEN = kinds(TokenKind.OctaveUp, TokenKind.OctaveDown, TokenKind.OctaveSet, TokenKind.LeftParen);
// What may start the next link of a chord: octave changes and S-expressions, then `/`.
const LINK_START = kinds(TokenKind.OctaveUp, TokenKind.OctaveDown, TokenKind.OctaveSet, TokenKind.LeftParen, TokenKind.Separator);

const between: TokParser<ListForm[]> = manyWhile(
  BETWEEN,
  byKind<ListForm>(
    {
      [TokenKind.OctaveUp]: octaveUp,
      [TokenKind.OctaveDown]: octaveDown,
      [TokenKind.OctaveSet]: octaveSet,
      [TokenKind.LeftParen]: lispList,
    },
    unexpected('in chord'),
  ),
);

/** `… / …  member`: once the `/` is read, a note or rest must follow. */
const link = seq<[[ListForm[], number], ListForm[], ListForm]>([
  attempt(seq<[ListForm[], number]>([between, token(TokenKind.Separator, 'in chord')])),
  between,
  noteOrRest,
]);

const noteOrChord: TokParser<Form> = spanned(seq<[ListForm, [[ListForm[], number], ListForm[], ListForm][]]>([noteOrRest, manyWhile(LINK_START, link)]), ([first, links], span) => {
  if (links.length === 0) return first;
  const members: Form[] = [HEAD.chord, first];
  // Loops, not push(...xs): a spread argument list overflows the stack past ~100k items.
  for (const [[before], after, member] of links) {
    for (const f of before) members.push(f);
    for (const f of after) members.push(f);
    members.push(member);
  }
  return list(members, span);
});

const chordOrRepeat = orRepeated(noteOrChord, false);

/**
 * Whether a `/` or a repeat follows the member ending before `i`, past octave changes
 * and S-expressions. `c > d` and `c (vol 50) d` are common and are not chords; telling
 * so from the token kinds spares parsing the S-expression twice. At EOF inside an
 * unclosed list, say yes and let the full parse report the error.
 */
export function chordFollows(kinds: Uint8Array, i: number): boolean {
  if (kinds[i] === TokenKind.Repeat) return true;
  for (let depth = 0; ; i++) {
    const kind = kinds[i];
    if (kind === TokenKind.EOF) return depth > 0;
    if (depth > 0) {
      if (kind === TokenKind.LeftParen) depth++;
      else if (kind === TokenKind.RightParen) depth--;
    } else if (kind === TokenKind.Separator) return true;
    else if (kind === TokenKind.LeftParen) depth++;
    else if (!BETWEEN[kind!]) return false;
  }
}

/** Most notes stand alone: when nothing that could extend one follows, skip the chord machinery. */
export const noteRestOrChord: TokParser<Form> = tokParser((state, tokens) => {
  const out = noteOrRest.p(state);
  if (out.isError || !chordFollows(tokens.kinds, out.index)) return out;
  return chordOrRepeat.p(state);
});
