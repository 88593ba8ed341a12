import type { Duration, DurationComponent } from '../model/duration.js';

/**
 * Reads a note length written as a string in Lisp, e.g. `"2.."` or `"8.~16~4"`, the way
 * Alda 2 does (including its leniency: one stray trailing character is ignored).
 * Returns null when the text is not a note length.
 */
export function parseNoteLengthText(text: string): Duration | null {
  const components: DurationComponent[] = [];
  for (const piece of text.split('~')) {
    const component = parseOne(piece);
    if (!component) return null;
    components.push(component);
  }
  return { components };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function parseOne(text: string): DurationComponent | null {
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
