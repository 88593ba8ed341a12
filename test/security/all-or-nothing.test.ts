import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { EvalFailure } from '../../src/server/session/evaluator.js';

const test = suite('a refused evaluation leaves the score as it was');

// Found by the server fuzz: a bad `from`/`to` was refused after the score had taken the new events.
test('an eval whose from/to names no marker changes nothing', () => {
  const score = new EngineScore();
  score.evaluate({ code: 'piano: c d' });
  try {
    score.evaluate({ code: '%m e f @m g', from: 'nowhere' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, EvalFailure);
    assert.is((error as EvalFailure).code, 'ALDA_BAD_OFFSET_REFERENCE');
  }
  assert.is(score.size, 2);
  assert.is(score.evaluate({ code: 'e' }).events, 1);
  assert.is(score.size, 3);
});

test('Score.evaluate: an accept hook that throws refuses the evaluation, and sees the would-be events', () => {
  const score = new Score();
  score.evaluate(parseAlda('piano: c d'));
  const before = score.state;
  let seen = -1;
  assert.throws(() =>
    score.evaluate(parseAlda('e f g'), (events) => {
      seen = events.length;
      throw new Error('no');
    }),
  );
  assert.is(seen, 3);
  assert.is(score.state, before);
  assert.is(score.view().events.length, 2);
});

test.run();
