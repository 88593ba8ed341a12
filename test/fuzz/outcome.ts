import { AldaError } from '../../src/lisp/errors.js';

/** What a fuzz case may end in: a value, or a user's error that names a place in the text. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AldaError };

/**
 * Runs `work` on `text`: anything it throws must be an AldaError whose span lies within the
 * text. Anything else (a TypeError, a stack overflow, an error with no position) is a finding,
 * thrown on to fail the property.
 */
export function answered<T>(text: string, work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    if (!(error instanceof AldaError)) throw error;
    const span = error.span;
    if (!span) throw new Error(`Unpositioned ${error.code}: ${error.message}`);
    if (!(span.start >= 0 && span.start <= span.end && span.end <= text.length)) {
      throw new Error(`${error.code} at ${span.start}-${span.end}, outside the text (${text.length}): ${error.message}`);
    }
    return { ok: false, error };
  }
}
