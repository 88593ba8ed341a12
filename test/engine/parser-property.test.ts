import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { AldaSyntaxError } from '../../src/lisp/errors.js';
import type { Form, Span } from '../../src/lisp/form.js';
import { CORPUS } from '../support/fixtures.js';

const scores = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.alda'))
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));

/** Characters that matter to the scanner, so that random text reaches deep into the grammar. */
const ALDA_CHARS = [...'abcdefgorVxCP0123456789 \n\t\r+-_./~|*\'"%@:=[]{}()#<>!,é🎵'];

const within = (inner: Span | undefined, outer: Span): boolean =>
  inner !== undefined && outer.start <= inner.start && inner.start <= inner.end && inner.end <= outer.end;

/**
 * Every list has a span inside its parent's (the text, at the top), except the shared
 * inner lists of a one-component duration, which are reported at their parent's span.
 */
function checkSpans(form: Form, parent: Span, inDuration = false): void {
  if (form.kind === 'quote') return checkSpans(form.form, parent);
  if (form.kind !== 'list') return;
  if (form.span === undefined && inDuration) return;
  assert.ok(within(form.span, parent), `span ${JSON.stringify(form.span)} outside ${JSON.stringify(parent)}`);
  const isDuration = form.items[0]?.kind === 'symbol' && form.items[0].name === 'duration' && form.items.length === 2;
  for (const item of form.items) checkSpans(item, form.span!, isDuration);
}

/** Forms with sound spans, or an AldaSyntaxError whose span lies within the text: nothing else. */
function parsesOrRejects(text: string): void {
  let forms: Form[];
  const whole = { start: 0, end: text.length };
  try {
    forms = parseAlda(text);
  } catch (error) {
    if (!(error instanceof AldaSyntaxError)) throw error;
    assert.ok(within(error.span, whole), `error span ${JSON.stringify(error.span)} outside the text`);
    return;
  }
  for (const form of forms) checkSpans(form, whole);
}

test('arbitrary strings parse or are rejected with a syntax error', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrRejects), { numRuns: 400 });
});

test('arbitrary UTF-16, lone surrogates included, parses or is rejected with a syntax error', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), parsesOrRejects), { numRuns: 300 });
});

test('strings of Alda characters parse or are rejected with a syntax error', () => {
  const text = fc.array(fc.constantFrom(...ALDA_CHARS), { maxLength: 120 }).map((cs) => cs.join(''));
  fc.assert(fc.property(text, parsesOrRejects), { numRuns: 1500 });
});

test('mutated corpus scores parse or are rejected with a syntax error', () => {
  const mutation = fc.record({
    score: fc.nat(scores.length - 1),
    at: fc.nat(),
    cut: fc.nat(8),
    insert: fc.array(fc.constantFrom(...ALDA_CHARS), { maxLength: 6 }).map((cs) => cs.join('')),
  });
  fc.assert(
    fc.property(mutation, ({ score, at, cut, insert }) => {
      const text = scores[score]!;
      const i = at % (text.length + 1);
      parsesOrRejects(text.slice(0, i) + insert + text.slice(i + cut));
    }),
    { numRuns: 300 },
  );
});

test('every corpus score has sound spans', () => {
  for (const score of scores) parsesOrRejects(score);
});

test.run();
