import type { Span } from '../../lisp/form.js';
import type { SourceText } from '../../lisp/source.js';
import type { SourceSpan } from '../../protocol/coded-error.js';

/** Where an engine error is, in lines and columns, for the wire. */
export function sourceSpan(source: SourceText, span: Span | undefined): SourceSpan | undefined {
  if (!span) return undefined;
  const end = source.position(span.end);
  return { file: source.name, ...source.position(span.start), end };
}
