import type { Duration, DurationComponent } from '../model/duration.js';

/**
 * Reads note lengths written as a string in Lisp and tied with `~`, e.g. `"8.~16~4"`, the
 * way Alda 2 does. Returns the duration, or the first piece that is not a note length.
 */
export function parseTiedNoteLengths(text: string): Duration | { readonly invalid: string } {
  const components: DurationComponent[] = [];
  for (const piece of text.split('~')) {
    const component = parseNoteLength(piece);
    if (!component) return { invalid: piece };
    components.push(component);
  }
  return { components };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** One note length, e.g. `"2.."`, with Alda 2's leniency: one stray trailing character is ignored. */
export function parseNoteLength(text: string): DurationComponent | null {
  const chars = [...text];
  if (chars.length === 0 || !isDigit(chars[0])) return null;
  let i = 0;
  let number = '';
  while (i < chars.length && isDigit(chars[i])) number += chars[i++];
  if (chars[i] === '.' && isDigit(chars[i + 1])) {
    number += chars[i++];
    while (i < chars.length && isDigit(chars[i])) number += chars[i++];
  }
  let dots = 0;
  while (chars[i] === '.') {
    dots++;
    i++;
  }
  if (i < chars.length - 1) return null;
  return { kind: 'note-length', denominator: Number(number), dots };
}
