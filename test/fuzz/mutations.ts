import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORPUS as CORPUS_DIR } from '../support/fixtures.js';

/** The corpus scores, by file name. */
export const CORPUS: readonly { readonly name: string; readonly text: string }[] = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.alda'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(CORPUS_DIR, name), 'utf8') }));

/** Pieces of Alda that make mutations land near the grammar's edges rather than in plain nonsense. */
const PIECES = [
  'c', 'd8', 'e4.', 'f+', 'g-', 'r', 'o4', '>', '<', '|', '~', '/', ' ', '\n', '[', ']', '{', '}', '(', ')', '*', '*3', '*1000000',
  "'1-3,5", "'", ':', 'V1:', 'V0:', 'piano:', 'violin/viola "strings":', '"', '%m', '@m', 'riff = c d', 'riff', '=', '#', '\\',
  '(tempo 90)', '(quant 50)', '(key-sig "f+ c+")', '(vol 200)', '(tempo! -1)', '(octave 1e308)', '1e309', '-0', '500ms', '2s',
  '\u0000', '\t', '\r', '\u00e9', '\u{1F3B5}', '\ud800',
];

export type Edit =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 }), fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''))) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 60 }), times: fc.integer({ min: 1, max: 4 }) }),
);

/** Applies edits in turn; positions are fractions of the text's length at that moment. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  for (const e of edits) {
    const at = Math.floor((e.at as number) * text.length);
    if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
    else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
    else text = text.slice(0, at) + text.slice(at, at + e.length).repeat(e.times + 1) + text.slice(at + e.length);
  }
  return text;
}

/** A corpus score with a few edits, or a short run of pieces alone. */
export const mutatedScore: fc.Arbitrary<{ readonly name: string; readonly text: string }> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ file: fc.constantFrom(...CORPUS), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) }).map(({ file, edits }) => ({ name: file.name, text: applyEdits(file.text, edits) })) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => ({ name: 'pieces.alda', text: 'piano: ' + pieces.join('') })) },
);

/** Mutates a text (any: printed forms, JSON) with the same edits, plus arbitrary characters. */
export const mutatedText = (texts: readonly string[]): fc.Arbitrary<string> =>
  fc.record({ text: fc.constantFrom(...texts), edits: fc.array(edit, { minLength: 1, maxLength: 5 }) }).map(({ text, edits }) => applyEdits(text, edits));
