import type { Span } from './form.js';
import type { SourceText } from './source.js';

/**
 * Every error a user can cause: a stable `code` for programs, a message for people, and
 * the span of the source that caused it. Anything that is not an AldaError is a bug.
 */
export class AldaError extends Error {
  readonly code: string;
  readonly span: Span | undefined;

  constructor(code: string, message: string, span?: Span) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.span = span;
  }

  /** `FILE:LINE:COL message`, as Alda prints its errors. */
  describe(source: SourceText): string {
    return `${source.where(this.span)} ${this.message}`;
  }
}

/** The text is not well-formed Alda (or alda.lisp). */
export class AldaSyntaxError extends AldaError {}

/** The forms are well-formed but cannot be applied to the score. */
export class AldaEvalError extends AldaError {}

/** An evaluation ran past one of its budgets (steps, events, depth). */
export class AldaBudgetError extends AldaError {}
