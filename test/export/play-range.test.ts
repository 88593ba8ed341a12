import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cutView, offsetOf, OffsetReferenceError } from '../../src/engine/play-range.js';
import { note, view } from './views.js';

const markers = new Map([['chorus', 2500]]);

test('offsetOf: m:ss time markings, as Alda reads them', () => {
  assert.is(offsetOf('0:00', markers), 0);
  assert.is(offsetOf('0:05', markers), 5000);
  assert.is(offsetOf('1:30', markers), 90_000);
  assert.is(offsetOf('0:90', markers), 90_000);
});

test('offsetOf: a marker name', () => {
  assert.is(offsetOf('chorus', markers), 2500);
});

test('offsetOf: anything else is an error with a stable code that lists the markers', () => {
  for (const bad of ['verse', '1:2:3', '0:05.5', '', '-0:01']) {
    try {
      offsetOf(bad, markers);
      assert.unreachable(`accepted ${JSON.stringify(bad)}`);
    } catch (error) {
      assert.instance(error, OffsetReferenceError);
      assert.is((error as OffsetReferenceError).code, 'ALDA_BAD_OFFSET_REFERENCE');
      assert.match((error as Error).message, 'chorus');
    }
  }
});

const score = view(
  [0, 500, 1000, 1500, 2000, 2500, 3000].map((offset, i) => note({ offset, midiNote: 60 + i })),
  { tempoChanges: [{ offset: 0, bpm: 120 }, { offset: 1000, bpm: 90 }, { offset: 2000, bpm: 60 }, { offset: 3000, bpm: 150 }], markers: { chorus: 2500, intro: 0 } },
);

test('cutView: keeps notes that start in [from, to) and shifts them to start at 0', () => {
  const cut = cutView(score, { from: 'intro', to: '0:02' });
  assert.equal(cut.events.map((e) => [e.offset, e.midiNote]), [[0, 60], [500, 61], [1000, 62], [1500, 63]]);
  const later = cutView(score, { from: '0:01' });
  assert.equal(later.events.map((e) => [e.offset, e.midiNote]), [[0, 62], [500, 63], [1000, 64], [1500, 65], [2000, 66]]);
});

test('cutView: notes keep their whole length past --to', () => {
  const cut = cutView(score, { to: '0:01' });
  assert.equal(cut.events.map((e) => e.audibleDuration), [450, 450]);
});

test('cutView: the tempo in force at --from moves to 0; changes from --to on are dropped', () => {
  const cut = cutView(score, { from: '0:01', to: 'chorus' });
  assert.equal(cut.tempoChanges, [{ offset: 0, bpm: 90 }, { offset: 1000, bpm: 60 }]);
  const mid = cutView(score, { from: '1:00' });
  assert.equal(mid.tempoChanges, [{ offset: 0, bpm: 150 }]);
  assert.equal(mid.events, []);
});

test('cutView: markers in the range move with it', () => {
  const cut = cutView(score, { from: '0:02' });
  assert.equal([...cut.markers], [['chorus', 500]]);
});

test('cutView: no range is the same view', () => {
  assert.is(cutView(score, {}), score);
});

test('cutView: --to before --from is an error', () => {
  assert.throws(() => cutView(score, { from: 'chorus', to: '0:01' }), (e: unknown) => e instanceof OffsetReferenceError);
});

test.run();
