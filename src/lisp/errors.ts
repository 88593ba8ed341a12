import type { Span } from './form.js';
import { SourceText } from './source.js';

/**
 * A message that shows places in the source of its own: Alda prints some arguments as Go
 * values, each with its file, line and column, so the text depends on the source.
 */
export type MessageIn = (source: SourceText) => string;

/**
 * Every error a user can cause: a stable `code` for programs, a message for people, and
 * the span of the source that caused it. Anything that is not an AldaError is a bug.
 */
export class AldaError extends Error {
  readonly code: string;
  readonly span: Span | undefined;
  readonly #render: MessageIn | undefined;

  constructor(code: string, message: string | MessageIn, span?: Span) {
    super(typeof message === 'string' ? message : message(new SourceText('')));
    this.name = new.target.name;
    this.code = code;
    this.span = span;
    this.#render = typeof message === 'string' ? undefined : message;
  }

  /** The message for this source (`message` alone has no source to place what it shows). */
  messageIn(source: SourceText): string {
    return this.#render ? this.#render(source) : this.message;
  }

  /** `FILE:LINE:COL message`, as Alda prints its errors. */
  describe(source: SourceText): string {
    return `${source.where(this.span)} ${this.messageIn(source)}`;
  }
}

/** The text is not well-formed Alda (or alda.lisp). */
export class AldaSyntaxError extends AldaError {}

/** The forms are well-formed but cannot be applied to the score. */
export class AldaEvalError extends AldaError {}

/** An evaluation ran past one of its budgets (steps, events, depth). */
export class AldaBudgetError extends AldaError {}
