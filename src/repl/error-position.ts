import type { Span } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import type { SourcePoint } from './transcript.js';

/** Where a span falls in an input: the line, its column and its text, for the caret. */
export function pointAt(input: string, span: Span): SourcePoint {
  const { line, column } = new SourceText(input).position(span.start);
  return atLine(input, line, column);
}

/** A point from a line and column (as the server's error `span` gives them). */
export function atLine(input: string, line: number, column: number): SourcePoint {
  const lines = input.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  return { line: index + 1, column: Math.max(column, 1), text: lines[index]!, isLast: index === lines.length - 1 };
}
