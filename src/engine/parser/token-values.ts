/**
 * The values inside tokens, read back from their text the way Alda's scanner reads
 * them (Go's strconv): integers saturate at 32 bits, a malformed number is 0.
 */
import type { RepetitionRange } from '../model/update.js';

const INT32_MAX = 2147483647;

/** Go's `strconv.ParseInt(digits, 10, 32)` with its error ignored, as Alda does. */
export function int32(digits: string): number {
  if (digits === '') return 0;
  const value = Number(digits);
  return value > INT32_MAX ? INT32_MAX : value;
}

/** `8`, `2..`, `0.5.`: the denominator and the number of dots. */
export function noteLength(text: string): { denominator: number; dots: number } {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 46) end--;
  return { denominator: Number(text.slice(0, end)), dots: text.length - end };
}

/** An S-expression number: `-3`, `7.5`; a lone `-` reads as 0 as in Alda. */
export function lispNumber(text: string): number {
  const value = Number(text);
  return Number.isNaN(value) ? 0 : value;
}

/**
 * `'1-3,5` → 1–3 and 5–5. Indexed, with no destructuring: the plain notation reads each
 * alternate ending of a score with it, and a destructured array went through the iterator
 * protocol, which TurboFan's code for it deoptimized on.
 */
export function repetitionRanges(text: string): RepetitionRange[] {
  const pieces = text.slice(1).split(',');
  const ranges: RepetitionRange[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const bounds = pieces[i]!.split('-');
    const first = int32(bounds[0]!);
    ranges.push({ first, last: bounds.length === 1 ? first : int32(bounds[1]!) });
  }
  return ranges;
}

/** `*3`, `* 3` → 3. */
export const repeatCount = (text: string): number => int32(text.slice(1).trimStart());
