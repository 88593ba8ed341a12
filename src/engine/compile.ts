import { SourceText } from '../lisp/source.js';
import { parseAldaInto, type ParseOptions } from './parser/parse.js';
import { Score, type Accept, type Evaluation } from './score.js';
import type { ScoreView } from './score-view.js';

export interface CompiledScore {
  readonly score: Score;
  readonly view: ScoreView;
  readonly source: SourceText;
}

/**
 * Alda text all the way to an evaluated score. Throws an AldaError; show it with
 * `error.describe(compiled.source)` or `error.describe(new SourceText(text, name))`.
 */
export function compile(text: string, name = '<no file>', options: ParseOptions = {}): CompiledScore {
  const score = new Score();
  evaluateText(score, text, undefined, options);
  return { score, view: score.view(), source: new SourceText(text, name) };
}

/**
 * What a note takes in a score, about: a letter, a duration or an octave change, a space (the
 * 1 MB benchmark score has one note per ≈4.3 characters). Room made for the notes a text is
 * likely to hold spares a big score most of the growing of its event columns.
 */
const CHARACTERS_PER_NOTE = 4;

/**
 * Evaluates Alda text against a score as one all-or-nothing batch, each form as soon as
 * it is parsed, so a big score is never held whole as forms. As in Alda, which parses the
 * whole text before evaluating any of it, a syntax error anywhere is the error reported,
 * even after an evaluation error earlier in the text.
 */
export function evaluateText(score: Score, text: string, accept?: Accept, options: ParseOptions = {}): Evaluation {
  score.state.events.reserve(Math.ceil(text.length / CHARACTERS_PER_NOTE));
  const batch = score.batch();
  let failure: { error: unknown } | undefined;
  try {
    parseAldaInto(
      text,
      (form) => {
        if (failure) return;
        try {
          batch.add(form);
        } catch (error) {
          failure = { error };
        }
      },
      options,
      (tokens, i, lispAt) => {
        if (failure) return -1;
        try {
          return batch.addPlain(tokens, i, lispAt);
        } catch (error) {
          failure = { error };
          return -1;
        }
      },
    );
    if (failure) throw failure.error;
    return batch.commit(accept);
  } finally {
    batch.close();
  }
}
