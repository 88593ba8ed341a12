import type { Diagnostic } from '@codemirror/lint';
import { errorHint, offsetOf } from '../engine/error-hints.js';
import type { WireError } from '../protocol/coded-error.js';

/**
 * An error the server answered an evaluation with, marked where it is in the editor: its span's
 * lines and columns count from the start of the text evaluated, which began at `base` in the
 * editor. The message loses its `FILE:LINE:COL` prefix (the mark says where) and gains the hint
 * the REPL would show. An error without a span marks the whole text evaluated.
 */
export function problemMark(error: WireError, code: string, base: number): Diagnostic {
  const span = error.span;
  const prefix = span ? `${span.file}:${span.line}:${span.column} ` : '';
  const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  if (!span) return { from: base, to: base + code.length, severity: 'error', message: reason, source: error.code };
  const start = offsetOf(code, span.line, span.column);
  const end = Math.max(offsetOf(code, span.end.line, span.end.column), Math.min(start + 1, code.length));
  const hint = errorHint(reason, code, start);
  return { from: base + start, to: base + end, severity: 'error', message: hint === undefined ? reason : `${reason}\n${hint}`, source: error.code };
}
