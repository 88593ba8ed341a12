import fc from 'fast-check';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { ALDA_ENVIRONMENT } from '../../src/engine/vocabulary/environment.js';
import { keyword, list, number, string, symbol, type Form } from '../../src/lisp/form.js';
import { AldaError } from '../../src/lisp/errors.js';
import { printAll } from '../../src/lisp/printer.js';
import { read } from '../../src/lisp/reader.js';
import { answered } from './outcome.js';
import { CORPUS, mutatedScore, mutatedText } from './mutations.js';

/** The corpus as alda.lisp text (`alda-live parse -o forms`), for the reader. */
const PRINTED = CORPUS.map((file) => printAll(parseAlda(file.text)));

/** The reader: mutated alda.lisp text and arbitrary strings read to forms or a positioned error. */
export const readerProperty = () =>
  fc.property(fc.oneof(mutatedText(PRINTED), fc.string({ maxLength: 200, unit: 'binary' })), (text) => {
    answered(text, () => read(text));
  });

/** The parser: mutated scores parse to forms or a positioned error. */
export const parserProperty = () =>
  fc.property(mutatedScore, ({ text }) => {
    answered(text, () => parseAlda(text));
  });

/**
 * The evaluator: a mutated score evaluated after a good one either adds to the score or fails
 * with a positioned error and leaves the score exactly as it was (the same state object).
 */
export const evaluatorProperty = () =>
  fc.property(mutatedScore, ({ text }) => {
    const score = new Score();
    score.evaluate(parseAlda('piano: c d e'));
    const before = score.state;
    const outcome = answered(text, () => score.evaluate(parseAlda(text)));
    if (!outcome.ok && score.state !== before) throw new Error(`A failed evaluation (${outcome.error.code}) changed the score`);
  });

const NAMES = ALDA_ENVIRONMENT.names();

/** Form trees of the vocabulary's own names with arguments of every kind, each list with a span. */
const formTree: fc.Arbitrary<Form> = fc.letrec<{ form: Form }>((tie) => ({
  form: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double().map((value) => number(value)),
    fc.integer({ min: -5, max: 2_000_000 }).map((value) => number(value)),
    fc.string({ maxLength: 6 }).map((value) => string(value)),
    fc.constantFrom('c', 'sharp', 'flat', 'up', 'down', 'slur', 'as', 'dots', '').map((name) => keyword(name)),
    fc.constantFrom(...NAMES, 'nope').map((name) => symbol(name)),
    fc.tuple(fc.constantFrom(...NAMES), fc.array(tie('form'), { maxLength: 4 }), fc.nat(10_000)).map(([head, args, at]) =>
      list([symbol(head), ...args], { start: at, end: at + 1 }),
    ),
  ),
})).form;

/** The evaluator on forms no parser would write: a value, or an AldaError; a failure changes nothing. */
export const formsProperty = () =>
  fc.property(fc.array(formTree, { minLength: 1, maxLength: 4 }), (forms) => {
    const score = new Score();
    score.evaluate(parseAlda('piano: c'));
    const before = score.state;
    try {
      score.evaluate(forms);
    } catch (error) {
      if (!(error instanceof AldaError)) throw error;
      if (score.state !== before) throw new Error(`A failed evaluation (${error.code}) changed the score`);
    }
  });
