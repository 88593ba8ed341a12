import type { Form } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import { parseAlda } from './parser/parse.js';
import { Score } from './score.js';
import type { ScoreView } from './score-view.js';

export interface CompiledScore {
  readonly score: Score;
  readonly view: ScoreView;
  readonly source: SourceText;
  readonly forms: readonly Form[];
}

/**
 * Alda text all the way to an evaluated score. Throws an AldaError; show it with
 * `error.describe(new SourceText(text, name))`.
 */
export function compile(text: string, name = '<no file>'): CompiledScore {
  const source = new SourceText(text, name);
  const forms = parseAlda(text);
  const score = new Score();
  score.evaluate(forms);
  return { score, view: score.view(), source, forms };
}
