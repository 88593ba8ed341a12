import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Budget } from '../../src/lisp/budget.js';
import { evaluate } from '../../src/lisp/evaluate.js';
import type { Form } from '../../src/lisp/form.js';
import { read } from '../../src/lisp/reader.js';
import { notationUpdate } from '../../src/engine/notation-updates.js';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { ALDA_ENVIRONMENT } from '../../src/engine/vocabulary/environment.js';
import { isUpdate } from '../../src/engine/vocabulary/values.js';

const evaluated = (form: Form) => {
  const value = evaluate(form, ALDA_ENVIRONMENT, new Budget());
  return isUpdate(value) ? value.update : value;
};

test('the notation compiled straight to updates gives what the evaluator gives, spans included', () => {
  const score = `piano: c d8. e-4~ f+16~8 r r2 g1~ | a/c/e b/r8/>c ~ [c d [e f]*2 (vol 50) g]*3 {c d e}4 c2s d350ms e4.. f_
    o3 c < d > e (quant 50) [c'1 d'2-3]*3 V1: c d V2: e f V0: g riff = c d riff %m @m`;
  let compiled = 0;
  for (const form of parseAlda(score)) {
    const direct = notationUpdate(form, ALDA_ENVIRONMENT, new Budget());
    if (direct) compiled++;
    assert.equal(direct ?? evaluated(form), evaluated(form));
  }
  assert.ok(compiled > 20, `${compiled} forms compiled straight`);
});

test('octave changes, crams, markers, variable references and alternate endings are compiled straight, as the evaluator would', () => {
  const forms = parseAlda('piano: riff = c d\no5 > < {c d e}4 {c r/e} %m @m riff [c\'1 d\'2-3]*2').slice(2);
  const heads = forms.map((form) => (form.kind === 'list' && form.items[0]?.kind === 'symbol' ? form.items[0].name : ''));
  assert.equal(heads, ['octave', 'octave', 'octave', 'cram', 'cram', 'marker', 'at-marker', 'get-variable', 'repeat']);
  for (const form of forms) {
    const direct = notationUpdate(form, ALDA_ENVIRONMENT, new Budget());
    assert.ok(direct, `${heads[forms.indexOf(form)]} compiled straight`);
    assert.equal(direct, evaluated(form));
  }
});

test('forms that are not the notation own (alda.lisp, inline Lisp) are left to the evaluator', () => {
  for (const form of [...read('(note (pitch :c)) (chord (note (pitch :c))) (seq) (pause)'), ...parseAlda('(chord c e)')]) {
    assert.is(notationUpdate(form, ALDA_ENVIRONMENT, new Budget()), undefined);
  }
});

test('a note compiled straight still counts against the step budget', () => {
  const [form] = parseAlda(`[${'c d e f g a b '.repeat(20)}]`);
  assert.throws(() => notationUpdate(form!, ALDA_ENVIRONMENT, new Budget({ steps: 100 })), /more than 100 steps/);
});

test.run();
