import { isErrorCode, type ErrorCode } from './error-codes.js';

/** Where in a named source an error is: 1-based lines, columns in code points, as Alda counts them. */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly end: { readonly line: number; readonly column: number };
}

/**
 * An error as it crosses the wire: `{code, message, span?}`. The code is an ErrorCode, or the
 * own code of something we host (a service worker, an evaluator other than the engine).
 */
export interface WireError {
  readonly code: ErrorCode | (string & {});
  readonly message: string;
  readonly span?: SourceSpan;
}

/**
 * The one error type of the protocol's rooms (server, client, performer, workers): a stable code
 * for programs, a message for people, and, for a score that does not evaluate, where it failed.
 */
export class CodedError<C extends string = ErrorCode> extends Error {
  readonly code: C;
  readonly span: SourceSpan | undefined;

  constructor(code: C, message: string, span?: SourceSpan) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.span = span;
  }
}

/**
 * Any error that carries one of our codes (a CodedError, or the engine's and the broker's own
 * error types), in its wire form; undefined for anything else, which is a bug.
 */
export function wireError(error: unknown): WireError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, span } = error as { code?: unknown; span?: unknown };
  if (!(isErrorCode(code) || (error instanceof CodedError && typeof code === 'string'))) return undefined;
  return isSourceSpan(span) ? { code, message: error.message, span } : { code, message: error.message };
}

function isSourceSpan(span: unknown): span is SourceSpan {
  return typeof span === 'object' && span !== null && typeof (span as SourceSpan).file === 'string' && typeof (span as SourceSpan).line === 'number';
}
