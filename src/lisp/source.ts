import type { Span } from './form.js';

/** A piece of source text with a name, able to turn offsets into Alda-style line:column. */
export class SourceText {
  readonly name: string;
  readonly text: string;
  #lineStarts: number[] | undefined;

  constructor(text: string, name = '<no file>') {
    this.text = text;
    this.name = name;
  }

  /** 1-based line and column of a UTF-16 offset; columns count code points, as Alda's scanner does. */
  position(offset: number): { line: number; column: number } {
    const starts = this.#starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let column = 1;
    for (let i = starts[lo]!; i < offset && i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code >= 0xdc00 && code <= 0xdfff && i > starts[lo]!) continue;
      column++;
    }
    return { line: lo + 1, column };
  }

  /** `name:line:column`, the prefix of every positioned message. */
  where(span: Span | undefined): string {
    if (!span) return this.name;
    const { line, column } = this.position(span.start);
    return `${this.name}:${line}:${column}`;
  }

  #starts(): number[] {
    if (this.#lineStarts) return this.#lineStarts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.#lineStarts = starts;
    return starts;
  }
}
