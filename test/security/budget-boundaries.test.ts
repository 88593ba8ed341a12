import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { MAX_NESTING } from '../../src/engine/parser/token-parsers.js';
import { Score } from '../../src/engine/score.js';
import type { BudgetOptions } from '../../src/lisp/budget.js';
import { AldaError } from '../../src/lisp/errors.js';
import { read } from '../../src/lisp/reader.js';

const test = suite('budgets, each just past its boundary');

/** The code an evaluation of `text` under `budget` fails with, or undefined when it passes. */
function refusal(text: string, budget: BudgetOptions): string | undefined {
  try {
    new Score(budget).evaluate(parseAlda(text));
    return undefined;
  } catch (error) {
    if (!(error instanceof AldaError)) throw error;
    assert.ok(error.span, `${error.code} is positioned`);
    return error.code;
  }
}

/** The smallest value of a budget under which `text` evaluates. */
function threshold(text: string, name: keyof BudgetOptions): number {
  let low = 1;
  let high = 1_000_000;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (refusal(text, { [name]: middle }) === undefined) high = middle;
    else low = middle + 1;
  }
  return low;
}

const SCORE = 'piano: (tempo 90) c8 d [e f]*2 riff = g a\nriff {c d e}4 c/e/g';

for (const [name, code] of [['steps', 'BUDGET_STEPS'], ['events', 'BUDGET_EVENTS'], ['depth', 'BUDGET_DEPTH']] as const) {
  test(`${name}: the score's own need passes, one less is ${code}`, () => {
    const need = threshold(SCORE, name);
    assert.ok(need > 1);
    assert.is(refusal(SCORE, { [name]: need }), undefined);
    assert.is(refusal(SCORE, { [name]: need - 1 }), code);
  });
}

test('events: exactly the notes the score makes', () => {
  assert.is(threshold(SCORE, 'events'), 14);
});

test('repeats: the limit passes, one more is BUDGET_REPEATS', () => {
  assert.is(refusal('piano: c*5', { repeats: 5 }), undefined);
  assert.is(refusal('piano: c*6', { repeats: 5 }), 'BUDGET_REPEATS');
});

test('time: a note may end at the limit, not a millisecond past it (BUDGET_TIME)', () => {
  assert.is(refusal('piano: c d', { time: 1000 }), undefined);
  assert.is(refusal('piano: c d', { time: 999 }), 'BUDGET_TIME');
  assert.is(refusal('piano: c r', { time: 999 }), 'BUDGET_TIME', 'a rest counts as a note does');
});

test('time: 24 hours by default, to the millisecond', () => {
  const day = 'piano: (tempo 60) r1*21600';
  assert.is(refusal(day, {}), undefined);
  assert.is(refusal(`${day} c1000`, {}), 'BUDGET_TIME');
});

test('time: the refusal says where and when, never Infinity', () => {
  try {
    new Score().evaluate(parseAlda(`piano: c d0.${'0'.repeat(300)}1`));
    assert.unreachable();
  } catch (error) {
    assert.instance(error, AldaError);
    assert.is((error as AldaError).code, 'BUDGET_TIME');
    assert.equal((error as AldaError).span, { start: 9, end: 313 });
    assert.match((error as Error).message, /^This would end at about 5\.6e\+297 hours of score time, past the 24:00:00 a score may last$/);
  }
});

test(`parser nesting: ${MAX_NESTING} levels pass, one more is ALDA_NESTING_TOO_DEEP`, () => {
  const nested = (depth: number) => 'piano: ' + '['.repeat(depth) + 'c' + ']'.repeat(depth);
  parseAlda(nested(MAX_NESTING - 1));
  let deepest = 0;
  for (let depth = MAX_NESTING - 1; depth <= MAX_NESTING + 1; depth++) {
    try {
      parseAlda(nested(depth));
      deepest = depth;
    } catch (error) {
      assert.is((error as AldaError).code, 'ALDA_NESTING_TOO_DEEP');
      break;
    }
  }
  assert.ok(deepest >= MAX_NESTING - 1 && deepest <= MAX_NESTING, `deepest accepted: ${deepest}`);
});

test('reader nesting: maxDepth levels pass, one more is a positioned error', () => {
  const nested = (depth: number) => '('.repeat(depth) + ')'.repeat(depth);
  assert.is(read(nested(50), { maxDepth: 50 }).length, 1);
  try {
    read(nested(51), { maxDepth: 50 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, AldaError);
    assert.ok((error as AldaError).span);
  }
});

test.run();
