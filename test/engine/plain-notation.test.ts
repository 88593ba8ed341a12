import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateText } from '../../src/engine/compile.js';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import type { BudgetOptions } from '../../src/lisp/budget.js';
import { AldaError } from '../../src/lisp/errors.js';
import { CORPUS } from '../support/fixtures.js';

/** What a text makes of a score, or the error it fails with. */
type Outcome = { view: unknown; offsets: unknown } | { code: string; message: string; span: unknown };

function outcome(run: (score: Score) => void, budget: BudgetOptions = {}): Outcome {
  const score = new Score(budget);
  try {
    run(score);
    return { view: score.view(), offsets: [...score.partOffsets()] };
  } catch (error) {
    if (!(error instanceof AldaError)) throw error;
    return { code: error.code, message: error.message, span: error.span };
  }
}

/** The plain notation compiled from the tokens (evaluateText) against the grammar's forms, evaluated. */
function assertSameAsForms(text: string, budget: BudgetOptions = {}): Outcome {
  const viaForms = outcome((score) => {
    // As evaluateText: a syntax error anywhere is the error reported.
    const forms = parseAlda(text);
    score.evaluate(forms);
  }, budget);
  const direct = outcome((score) => evaluateText(score, text), budget);
  assert.equal(direct, viaForms, text.slice(0, 200));
  return direct;
}

test("Alda's example scores evaluate the same compiled from the tokens as from the forms", () => {
  const scores = readdirSync(CORPUS).filter((name) => name.endsWith('.alda'));
  assert.ok(scores.length > 20);
  for (const name of scores) assertSameAsForms(readFileSync(`${CORPUS}/${name}`, 'utf8'));
});

test('every kind of plain event, and the constructs around them left to the grammar, evaluate the same', () => {
  for (const text of [
    'piano: c d8. e-4~ f+16~8 r r2 g1~ | a/c/e b/r8/>c ~ c4|~4 c2s d350ms e4.. f_ c++-_ o3 c < d > e o5 o',
    'piano: [c d [e f]*2 g]*3 {c d e}4 {c r/e}2~8 {c {d e}}8*2 [c\'1 d\'2-3,5]*3 %m @m c*0 [c]*0 c/e*2',
    'piano: riff = c d e\nriff*2 [riff]\'1 c (vol 50) d/e (vol 40)/g [c (vol 30) d]*2 {c (quant 20) d}',
    'piano: V1: c d V2: e f V0: g [V1: a V2: b] c/(vol 50)e c (vol 50)/e r + c',
    'piano: c /e > /g < c/>>e/<g r4/r8 o3/c {c}s [c d',
    'violin/viola "strings": c strings: d violin "v": e v.violin: f piano/viola: g',
    "piano: [c (list 1) d (vol 50)*2 (tempo 90)'1 [(quant 30) e]]*2 {(octave 3) c (transpose 2)}2",
    "piano: (vol 50) c (tempo! 2 48) d (key-sig '(g mixolydian)) e (key-signature! \"b- e-\") f (pppp) g (tempo 90)*2 a (quant :up) b",
    "piano: (list (vol 50)) c (octave (quote up)) d (key-sig '(a (major))) e (panning 'x) f (f)/c (vol 20)'1 g",
  ]) {
    assertSameAsForms(text);
  }
});

test('errors are the same, and where they were: syntax errors first, then the first evaluation error', () => {
  const cases: [string, string][] = [
    ['piano: c d\ne f g/ | a', 'ALDA_UNEXPECTED_TOKEN'],
    ['piano: c0 d [e f', 'ALDA_UNTERMINATED'],
    ['piano: c0 d e', 'ALDA_LENGTH_NOT_POSITIVE'],
    ['piano: c {} d', 'ALDA_EMPTY_CRAM'],
    ['piano/ : c', 'ALDA_UNEXPECTED_TOKEN'],
    ['piano: [c (nope 1) d]*2 e', 'LISP_UNRESOLVABLE_SYMBOL'],
    ['piano: [c (vol 200) d] [e (vol 50', 'ALDA_UNTERMINATED'],
    ['piano: c (vol 200) d (tempo 90', 'ALDA_UNTERMINATED'],
    ['piano: c (vol 200) d', 'ALDA_EXPECTED_PERCENTAGE'],
    ["piano: c (key-sig '(q major)) d", 'ALDA_INVALID_KEY_SIGNATURE'],
    ['piano: c (tempo) d', 'LISP_SIGNATURE_MISMATCH'],
    ['piano: c (nope 1) d', 'LISP_UNRESOLVABLE_SYMBOL'],
    ['piano: c (vol :x) d', 'LISP_UNRESOLVABLE_SYMBOL'],
    ['piano: {c (vol -1) d} e', 'ALDA_EXPECTED_PERCENTAGE'],
    ['piano "pi": c pi/nope: d', 'ALDA_UNRECOGNIZED_INSTRUMENT'],
    ['piano: o200 c', 'ALDA_MIDI_NOTE_RANGE'],
    ['piano: nope c', 'ALDA_UNDEFINED_VARIABLE'],
    ['piano: c\'1 d', 'ALDA_UNEXPECTED_TOKEN'],
    [`piano: ${'['.repeat(201)}c${']'.repeat(201)}`, 'ALDA_NESTING_TOO_DEEP'],
  ];
  for (const [text, code] of cases) {
    const result = assertSameAsForms(text);
    assert.is('code' in result && result.code, code, text);
  }
});

test('a top-level S-expression that is no score update is a warning, as from the forms', () => {
  const text = "piano: c (list 1) d (list 'x) (vol 50) e (list \"a\")";
  const viaForms = new Score().evaluate(parseAlda(text)).warnings;
  assert.equal(evaluateText(new Score(), text).warnings, viaForms);
  assert.is(viaForms.length, 3);
});

/** The smallest value of a budget under which the forms of `text` evaluate. */
function threshold(text: string, name: keyof BudgetOptions): number {
  let low = 1;
  let high = 100_000;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ('view' in outcome((score) => score.evaluate(parseAlda(text)), { [name]: middle })) high = middle;
    else low = middle + 1;
  }
  return low;
}

test('plain notation counts against the budgets as the forms do, to the step', () => {
  const score = "piano: c8 d4~8 e1|~1 f [g a b4~4]*2 {c d}4~16 {e f}2 c/e/g r r2~8 riff = c\nriff o3 c*2 %m [c'1 d'2]*2 (vol 50) (key-sig '(g minor)) (tempo 90)*2 c";
  for (const name of ['steps', 'events', 'depth', 'time'] as const) {
    const need = threshold(score, name);
    assert.ok('view' in assertSameAsForms(score, { [name]: need }), `${name} ${need}`);
    assert.ok('code' in assertSameAsForms(score, { [name]: need - 1 }), `${name} ${need - 1}`);
  }
  assertSameAsForms(score, { repeats: 1 });
});

test.run();
