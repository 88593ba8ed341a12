import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CURSOR_MARKER, playEval } from '../../src/lsp/play-request.js';

const score = '(tempo! 90)\nriff = c d\npiano: riff e\nviolin: g a\npiano: b';

test('a selection is added to the session’s score as it is', () => {
  assert.equal(playEval(score, 'selection', 12, 22, 'f.alda'), { code: 'riff = c d', reset: false });
});

test('a part is played afresh with what comes before the first part', () => {
  const cursor = score.indexOf('g a');
  assert.equal(playEval(score, 'part', cursor, cursor, 'f.alda'), { code: '(tempo! 90)\nriff = c d\nviolin: g a\n', reset: true });
  assert.equal(playEval(score, 'part', 3, 3, 'f.alda'), { code: score, reset: true });
});

test('from the cursor: the whole score from a marker at the start of the word the cursor is in', () => {
  const cursor = score.indexOf('a\npiano') + 1;
  const played = playEval(score, 'cursor', cursor, cursor, 'f.alda');
  assert.equal(played, { code: score.replace('a\npiano', ` %${CURSOR_MARKER} a\npiano`), reset: true, from: CURSOR_MARKER });
  // Before any part a marker cannot stand: the whole score from the top.
  assert.equal(playEval(score, 'cursor', 1, 1, 'f.alda'), { code: score, reset: true });
});

test.run();
