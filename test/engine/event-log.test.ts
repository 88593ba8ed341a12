import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, evaluateText } from '../../src/engine/compile.js';

test('room made for a long text keeps every note, and the columns handed out before never change', () => {
  const { score, view } = compile('piano: c d e');
  const before = Array.from(view.notes.midiNote);
  evaluateText(score, `f g a b `.repeat(3000));
  evaluateText(score, 'o5 c');
  const after = score.view().notes;
  assert.equal(Array.from(view.notes.midiNote), before);
  assert.is(after.length, 3 + 4 * 3000 + 1);
  assert.equal(Array.from(after.midiNote.subarray(0, 7)), [...before, 65, 67, 69, 71]);
  assert.is(after.midiNote[after.length - 1], 72);
});

test.run();
