import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { midiMessages } from '../../src/engine/midi-messages.js';
import { DRUMS, note, PIANO, view, VIOLIN } from './views.js';

const plain = (v: ReturnType<typeof view>) => midiMessages(v).map((m) => [m.offset, ...m.data]);

test('one note: program, CC 11, CC 10, note-on at velocity round(volume × 127), note-off after the audible duration', () => {
  assert.equal(plain(view([note({ offset: 0, midiNote: 60 })])), [
    [0, 0xc0, 0],
    [0, 0xb0, 11, 100],
    [0, 0xb0, 10, 64],
    [0, 0x90, 60, 69],
    [450, 0x80, 60, 0],
  ]);
});

test('messages come out in time order whatever the order of the events', () => {
  const out = plain(view([note({ offset: 1000, midiNote: 64 }), note({ offset: 0, midiNote: 60 }), note({ offset: 500, midiNote: 62 })]));
  const times = out.map((m) => m[0]!);
  assert.equal(times, [...times].sort((a, b) => a - b));
  assert.equal(out.filter((m) => m[1] === 0x90).map((m) => m[2]), [60, 62, 64]);
});

test('a repeated legato note: the note-off comes before the next note-on at the same time', () => {
  const out = plain(view([note({ offset: 0, midiNote: 60, audibleDuration: 500 }), note({ offset: 500, midiNote: 60 })]));
  assert.equal(out.slice(4), [
    [500, 0x80, 60, 0],
    [500, 0x90, 60, 69],
    [950, 0x80, 60, 0],
  ]);
});

const keyEvents = (out: number[][]) => out.filter((m) => m[1] === 0x90 || m[1] === 0x80);

test('overlapping notes of one key on one channel: the first ends where the second begins (1/3)', () => {
  const out = plain(view([note({ offset: 0, midiNote: 60, audibleDuration: 800 }), note({ offset: 500, midiNote: 60, audibleDuration: 800 })]));
  assert.equal(keyEvents(out), [
    [0, 0x90, 60, 69],
    [500, 0x80, 60, 0],
    [500, 0x90, 60, 69],
    [1300, 0x80, 60, 0],
  ]);
});

test('overlapping notes of one key on one channel: the later lasts as long as the earlier would have (2/3)', () => {
  const out = plain(view([note({ offset: 0, midiNote: 60, audibleDuration: 2000 }), note({ offset: 500, midiNote: 60, audibleDuration: 450 })]));
  assert.equal(keyEvents(out), [
    [0, 0x90, 60, 69],
    [500, 0x80, 60, 0],
    [500, 0x90, 60, 69],
    [2000, 0x80, 60, 0],
  ]);
});

test('overlapping notes of one key on one channel: two that start together are one, the longer (3/3)', () => {
  const out = plain(
    view([note({ offset: 0, midiNote: 60, audibleDuration: 450 }), note({ offset: 1e-9, midiNote: 60, audibleDuration: 900 }), note({ offset: 0, midiNote: 64 })]),
  );
  assert.equal(keyEvents(out), [
    [0, 0x90, 60, 69],
    [0, 0x90, 64, 69],
    [450, 0x80, 64, 0],
    [1e-9 + 900, 0x80, 60, 0],
  ]);
});

test('a note held in one score is not held in the next: each call starts with every key free', () => {
  // Key 60 held from 0 to 2000 ms; then another score, where key 60 starts within that time and key 64 makes the same messages first.
  plain(view([note({ offset: 0, midiNote: 60, audibleDuration: 2000 })]));
  const next = [note({ offset: 0, midiNote: 64, audibleDuration: 2000 }), note({ offset: 500, midiNote: 60, audibleDuration: 450 })];
  assert.equal(keyEvents(plain(view(next))), [
    [0, 0x90, 64, 69],
    [500, 0x90, 60, 69],
    [950, 0x80, 60, 0],
    [2000, 0x80, 64, 0],
  ]);
});

test('set-up is sent again only when a value changes', () => {
  const out = plain(
    view([
      note({ offset: 0, midiNote: 60 }),
      note({ offset: 500, midiNote: 62 }),
      note({ offset: 1000, midiNote: 64, trackVolume: 0.5, panning: 0 }),
      note({ offset: 1500, midiNote: 65, volume: 1, trackVolume: 0.5, panning: 0 }),
    ]),
  );
  assert.equal(out.filter((m) => m[1] === 0xc0).length, 1);
  assert.equal(out.filter((m) => m[1] === 0xb0), [
    [0, 0xb0, 11, 100],
    [0, 0xb0, 10, 64],
    [1000, 0xb0, 11, 64],
    [1000, 0xb0, 10, 0],
  ]);
  assert.equal(out.find((m) => m[1] === 0x90 && m[2] === 65), [1500, 0x90, 65, 127]);
});

test('a channel taken over by another part gets that part’s program and controllers again', () => {
  const out = midiMessages(
    view([note({ offset: 0, midiNote: 60 }), note({ part: VIOLIN.id, offset: 1000, midiNote: 67 })], { parts: [PIANO, VIOLIN] }),
  );
  const violin = out.filter((m) => m.part === VIOLIN.id).map((m) => [m.offset, ...m.data]);
  assert.equal(violin, [
    [1000, 0xc0, 40],
    [1000, 0xb0, 11, 100],
    [1000, 0xb0, 10, 64],
    [1000, 0x90, 67, 69],
    [1450, 0x80, 67, 0],
  ]);
});

test('percussion plays on channel 10 (index 9) with no program change', () => {
  const out = plain(view([note({ part: DRUMS.id, midiChannel: 9, offset: 0, midiNote: 36 })], { parts: [DRUMS] }));
  assert.not.ok(out.some((m) => (m[1]! & 0xf0) === 0xc0));
  assert.equal(out.find((m) => m[1] === 0x99), [0, 0x99, 36, 69]);
});

test('a note of volume 0 is left out (a note-on of velocity 0 would mean note-off)', () => {
  assert.equal(plain(view([note({ offset: 0, midiNote: 60, volume: 0 })])), []);
});

test('every message names its part', () => {
  const out = midiMessages(
    view([note({ offset: 0, midiNote: 60 }), note({ part: VIOLIN.id, midiChannel: 1, offset: 0, midiNote: 67 })], {
      parts: [PIANO, VIOLIN],
    }),
  );
  for (const m of out) assert.is(m.part, (m.data[0]! & 0x0f) === 0 ? PIANO.id : VIOLIN.id);
});

test.run();
