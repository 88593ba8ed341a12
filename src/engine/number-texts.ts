
/**
 * Numbers printed as `String(n)` prints them (which for a finite number is also what JSON and
 * Go's encoder print), formatted many at a time: `JSON.stringify` of an array of numbers
 * formats them all in one call into the runtime, where `String(n)` makes a call and a string
 * each (on the 1 MB benchmark score's offsets, 24 ms against 60–75). Numbers are added in the
 * order they will be written, formatted together as bytes into the writer's own buffer, then
 * copied out of it in that same order with `copyWithin`: one call into the runtime a number,
 * where a loop over its bytes ran ≈17 steps of the interpreter (a short score's code is never
 * optimized: src/cli/compiler-tiering.ts).
 */
export class NumberTexts {
  // Plain fields, not `#private` ones: the interpreter reads those through a keyed lookup, and
  // `copy` runs for every number written.
  private readonly numbers: number[] = [];
  private readonly encoder = new TextEncoder();
  /** The numbers as JSON (`[1,2.5]`): ASCII, so an index into it is one into the bytes too. */
  private text = '';
  /** Where `text` starts in the buffer `format` wrote it into. */
  private base = 0;
  /** Where the next number's text starts in `text`. */
  private next = 0;

  add(n: number): void {
    this.numbers.push(n);
  }

  /** Formats the numbers added since the last time into `buffer` at `at` (room for `MAX_NUMBER_TEXT + 1` bytes a number, and 2); `copy` then writes them out in order. */
  format(buffer: Uint8Array, at: number): void {
    let text = JSON.stringify(this.numbers);
    // JSON has no NaN or infinities (it prints `null`), where String prints `NaN` or `Infinity`.
    if (text.includes('n')) text = `[${this.numbers.map(String).join(',')}]`;
    this.numbers.length = 0;
    this.encoder.encodeInto(text, buffer.subarray(at, at + text.length));
    this.text = text;
    this.base = at;
    this.next = 1;
  }

  /** Copies the next number's text within `buffer` (the one `format` wrote into) to `at`, and returns where it ends. */
  copy(buffer: Uint8Array, at: number): number {
    const start = this.next;
    let end = this.text.indexOf(',', start);
    if (end < 0) end = this.text.length - 1;
    this.next = end + 1;
    buffer.copyWithin(at, this.base + start, this.base + end);
    return at + end - start;
  }
}

/** The longest text `copy` writes for one number (`-1.2345678901234567e-308`). */
export const MAX_NUMBER_TEXT = 24;
