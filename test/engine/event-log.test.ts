import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, evaluateText } from '../../src/engine/compile.js';
import { noteEvent } from '../../src/engine/note-columns.js';

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

test('each note keeps the volume, track volume and panning its part had, as parts take turns', () => {
  const { view } = compile('piano: (vol 50) c violin: (panning 20) d piano: e (track-vol 40) f violin: (vol 70) g piano: a');
  const levels = Array.from({ length: view.notes.length }, (_, i) => {
    const { part, volume, trackVolume, panning } = noteEvent(view.notes, i);
    return [part, volume, trackVolume, panning];
  });
  const start = 100 / 127;
  assert.equal(levels, [
    ['part001', 0.5, start, 0.5],
    ['part002', 0.5421, start, 0.2],
    ['part001', 0.5, start, 0.5],
    ['part001', 0.5, 0.4, 0.5],
    ['part002', 0.7, start, 0.2],
    ['part001', 0.5, 0.4, 0.5],
  ]);
});

test.run();
