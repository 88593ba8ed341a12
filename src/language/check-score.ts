import { compile } from '../engine/compile.js';
import { AldaError } from '../lisp/errors.js';
import type { Span } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';

/** What is wrong with a score, and where (UTF-16 offsets into its text, as editors count). */
export interface ScoreProblem {
  readonly code: string;
  /** The engine's message, without the `FILE:LINE:COL` an editor shows by itself. */
  readonly message: string;
  readonly span: Span | undefined;
}

/**
 * Evaluates a score as `alda-live play` would, and plays nothing: the engine's error, if any,
 * with its exact range. A score stops at its first error, so there is at most one.
 */
export function checkScore(text: string, name: string): ScoreProblem[] {
  try {
    compile(text, name);
    return [];
  } catch (error) {
    if (!(error instanceof AldaError)) throw error;
    return [{ code: error.code, message: error.messageIn(new SourceText(text, name)), span: error.span }];
  }
}
