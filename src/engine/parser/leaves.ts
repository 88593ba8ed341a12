/**
 * Leaves the parser writes into every form: shared, span-less constants, so that
 * 250k notes hold pointers to one `note` symbol rather than 250k copies. A symbol with
 * no span is how `toParsedEvents` tells the notation's own forms from inline Lisp.
 */
import { keyword, number, symbol } from '../../lisp/form.js';
import type { Form, KeywordForm, ListForm, NumberForm, SymbolForm } from '../../lisp/form.js';

const HEADS = [
  'part', 'note', 'pitch', 'duration', 'note-length', 'ms', 'seconds', 'barline', 'pause', 'chord',
  'octave', 'seq', 'cram', 'repeat', 'on-repetitions', 'voice', 'end-voices', 'marker', 'at-marker',
  'set-variable', 'get-variable',
] as const;

export type Head = (typeof HEADS)[number];

export const HEAD: Readonly<Record<Head, SymbolForm>> = Object.fromEntries(HEADS.map((h) => [h, symbol(h)])) as Record<Head, SymbolForm>;

/**
 * Whether a list is one of the notation's own forms (`c` → `(note …)`) rather than an
 * S-expression the user wrote (`(chord …)` typed inside a score): the parser writes the
 * head of its own forms as a shared symbol without a span, and gives every symbol of an
 * S-expression its span. Forms built by hand without spans count as notation.
 */
export const notationHead = (form: Form): string | undefined => {
  if (form.kind !== 'list') return undefined;
  const head = (form as ListForm).items[0];
  return head?.kind === 'symbol' && head.span === undefined ? head.name : undefined;
};

const KEYWORDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'sharp', 'flat', 'natural', 'up', 'down', 'slur', 'dots', 'as'] as const;

export const KW: Readonly<Record<(typeof KEYWORDS)[number], KeywordForm>> = Object.fromEntries(
  KEYWORDS.map((k) => [k, keyword(k)]),
) as Record<(typeof KEYWORDS)[number], KeywordForm>;

const SMALL: NumberForm[] = Array.from({ length: 257 }, (_, i) => number(i));

/** Small integers (note lengths, octaves, repeat counts) are shared; others are new. */
export const numberLeaf = (value: number): NumberForm =>
  Number.isInteger(value) && value >= 0 && value <= 256 && !Object.is(value, -0) ? SMALL[value]! : number(value);
