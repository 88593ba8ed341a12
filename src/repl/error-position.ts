import type { Span } from '../lisp/form.js';
import type { SourceSpan } from '../protocol/coded-error.js';
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

/**
 * The server's error for a score that did not evaluate, placed by its span: the point, and the
 * message without the `FILE:LINE:COL` prefix it keeps for clients that cannot read spans.
 */
export function locateServerError(input: string, message: string, span: SourceSpan): { message: string; at: SourcePoint } {
  const prefix = `${span.file}:${span.line}:${span.column} `;
  return { message: message.startsWith(prefix) ? message.slice(prefix.length) : message, at: atLine(input, span.line, span.column) };
}
