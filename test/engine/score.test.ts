import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AldaBudgetError, AldaEvalError } from '../../src/lisp/errors.js';
import { read } from '../../src/lisp/reader.js';
import { Score } from '../../src/engine/score.js';

const notes = (score: Score) => score.state.events.slice().map((e) => [e.midiNote, e.offset]);

test('evaluation is incremental: a second batch returns only its own notes, after the first', () => {
  const score = new Score();
  const first = score.evaluate(read('(part "piano") (note (pitch :c)) (note (pitch :d))'));
  assert.equal(first.events.map((e) => e.midiNote), [60, 62]);
  const second = score.evaluate(read('(note (pitch :e))'));
  assert.equal(second.events.map((e) => [e.midiNote, e.offset]), [[64, 1000]]);
  assert.equal(notes(score), [[60, 0], [62, 500], [64, 1000]]);
});

test('a failing batch leaves the score exactly as it was (Alda would keep half of it)', () => {
  const score = new Score();
  score.evaluate(read('(part "piano") (note (pitch :c)) (set-variable "riff" (note (pitch :g)))'));
  const before = JSON.stringify(score.view());
  assert.throws(
    () => score.evaluate(read('(note (pitch :d)) (octave 5) (tempo 60) (get-variable "nope")')),
    (error: unknown) => error instanceof AldaEvalError && error.code === 'ALDA_UNDEFINED_VARIABLE',
  );
  assert.is(JSON.stringify(score.view()), before);
  const after = score.evaluate(read('(note (pitch :e)) (get-variable "riff")'));
  assert.equal(after.events.map((e) => [e.midiNote, e.offset]), [[64, 500], [67, 1000]]);
});

test('a failed batch does not keep a part it created', () => {
  const score = new Score();
  assert.throws(() => score.evaluate(read('(part "violin") (note (pitch :c)) (part "theremin")')));
  assert.equal(score.view().parts, []);
  score.evaluate(read('(part "cello") (note (pitch :c))'));
  assert.equal(score.view().parts.map((p) => p.id), ['part001']);
});

test('forms that are not score updates are ignored with a warning', () => {
  const score = new Score();
  const result = score.evaluate(read('(part "piano") (pitch :c) (note (pitch :c))'));
  assert.is(result.events.length, 1);
  assert.is(result.warnings.length, 1);
});

test('budget bombs fail fast with a budget error (1/3): a huge repeat', () => {
  const score = new Score();
  assert.throws(() => score.evaluate(read('(part "piano") (repeat 100000000 (note (pitch :c)))')), (e: unknown) => e instanceof AldaBudgetError);
  assert.is(score.state.events.length, 0);
});

test('budget bombs fail fast with a budget error (2/3): a variable that doubles itself', () => {
  const score = new Score();
  const doubling = Array.from({ length: 60 }, () => '(set-variable "x" (get-variable "x") (get-variable "x"))').join(' ');
  assert.throws(
    () => score.evaluate(read(`(part "piano") (set-variable "x" (note (pitch :c))) ${doubling} (get-variable "x")`)),
    (e: unknown) => e instanceof AldaBudgetError,
  );
});

test('budget bombs fail fast with a budget error (3/3): deep nesting', () => {
  const score = new Score();
  const deep = '(seq '.repeat(5000) + '(note (pitch :c))' + ')'.repeat(5000);
  assert.throws(() => score.evaluate(read(`(part "piano") ${deep}`)), (e: unknown) => e instanceof AldaBudgetError || e instanceof AldaEvalError);
});

test('the view gives parts with their GM programs and the tempo map', () => {
  const score = new Score();
  score.evaluate(read('(part "violin") (note (pitch :c)) (tempo 60) (note (pitch :d)) (part "percussion") (note (pitch :c))'));
  const view = score.view();
  assert.equal(view.parts.map((p) => [p.id, p.instrument, p.program]), [
    ['part001', 'midi-violin', 40],
    ['part002', 'midi-percussion', null],
  ]);
  assert.equal(view.tempoChanges, [{ offset: 0, bpm: 120 }, { offset: 500, bpm: 60 }]);
});

test('a view keeps its notes when the score is taken back and goes on (its columns are shared, never written again)', () => {
  const score = new Score();
  score.evaluate(read('(part "piano") (note (pitch :c))'));
  const point = score.checkpoint();
  score.evaluate(read('(note (pitch :d))'));
  const view = score.view();
  score.restore(point);
  score.evaluate(read('(note (pitch :e))'));
  assert.equal([...view.notes.midiNote], [60, 62]);
  assert.equal(view.events.map((e) => e.midiNote), [60, 62]);
  assert.equal([...score.view().notes.midiNote], [60, 64]);
});

test.run();
