import type { Span } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import type { SourcePoint } from './transcript.js';

/** Where a span falls in an input: the line, its column and its text, for the caret. */
export function pointAt(input: string, span: Span): SourcePoint {
  const { line, column } = new SourceText(input).position(span.start);
  return atLine(input, line, column);
}

/** A point from a line and column (as the server's `FILE:LINE:COL message` gives them). */
export function atLine(input: string, line: number, column: number): SourcePoint {
  const lines = input.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  return { line: index + 1, column: Math.max(column, 1), text: lines[index]!, isLast: index === lines.length - 1 };
}

/**
 * Splits the server's message for a score that did not evaluate, `NAME:LINE:COL message`,
 * into its point and message; a message without a position comes back whole.
 */
export function locateServerMessage(input: string, name: string, message: string): { message: string; at?: SourcePoint } {
  if (!message.startsWith(name + ':')) return { message };
  const match = /^(\d+):(\d+) ([\s\S]*)$/.exec(message.slice(name.length + 1));
  if (!match) return { message };
  return { message: match[3]!, at: atLine(input, Number(match[1]), Number(match[2])) };
}
