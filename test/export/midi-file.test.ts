import tonejs from '@tonejs/midi';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIDI_FILE_PPQ, midiFile } from '../../src/engine/midi-file.js';
import { TickClock } from '../../src/engine/midi-ticks.js';
import { readWithJzz } from './jzz-smf.js';
import { DRUMS, note, PIANO, view, VIOLIN } from './views.js';

const { Midi } = tonejs;

const trio = view(
  [
    note({ offset: 0, midiNote: 60 }),
    note({ offset: 500, midiNote: 62, volume: 1 }),
    note({ part: VIOLIN.id, midiChannel: 1, offset: 0, midiNote: 76, duration: 1000, audibleDuration: 1000, panning: 0 }),
    note({ part: DRUMS.id, midiChannel: 9, offset: 250, midiNote: 38, trackVolume: 0.5 }),
  ],
  { parts: [PIANO, VIOLIN, DRUMS], markers: { verse: 500 } },
);

test('type 1 at 960 ticks per quarter: a conductor track, then one named track per part', () => {
  const midi = new Midi(midiFile(trio, { name: 'trio' }));
  assert.is(midi.header.ppq, MIDI_FILE_PPQ);
  assert.is(midi.name, 'trio');
  // Tone.js folds a note-less first track of a type 1 file into its header.
  assert.equal(midi.tracks.map((t) => t.name), ['piano', 'violin', 'percussion']);
  assert.equal(midi.tracks.map((t) => t.channel), [0, 1, 9]);
  assert.equal(midi.tracks.map((t) => t.instrument.number), [0, 40, 0]);
  assert.is(midi.tracks[2]!.instrument.percussion, true);
});

test('notes keep their keys, velocities and times (within a tick)', () => {
  const midi = new Midi(midiFile(trio));
  const piano = midi.tracks[0]!.notes;
  assert.equal(piano.map((n) => [n.midi, n.ticks, n.durationTicks, Math.round(n.velocity * 127)]), [
    [60, 0, 864, 69],
    [62, 960, 864, 127],
  ]);
  const violin = midi.tracks[1]!.notes[0]!;
  assert.equal([violin.midi, violin.time, violin.duration], [76, 0, 1]);
  assert.equal(midi.tracks[2]!.notes.map((n) => [n.midi, n.ticks]), [[38, 480]]);
});

test('controllers: CC 11 carries the track volume and CC 10 the panning', () => {
  const midi = new Midi(midiFile(trio));
  const [piano, violin, drums] = midi.tracks;
  assert.equal(piano!.controlChanges[11]!.map((c) => Math.round(c.value * 127)), [100]);
  assert.equal(violin!.controlChanges[10]!.map((c) => Math.round(c.value * 127)), [0]);
  assert.equal(drums!.controlChanges[11]!.map((c) => Math.round(c.value * 127)), [64]);
});

test('the tempo map and markers are on the first track', () => {
  const v = view([note({ offset: 0, midiNote: 60 }), note({ offset: 1500, midiNote: 62 })], {
    tempoChanges: [{ offset: 0, bpm: 120 }, { offset: 1000, bpm: 60 }],
    markers: { b: 1500 },
  });
  const midi = new Midi(midiFile(v));
  assert.equal(midi.header.tempos.map((t) => [t.ticks, t.bpm]), [[0, 120], [1920, 60]]);
  const second = midi.tracks[0]!.notes[1]!;
  assert.is(second.ticks, 1920 + 480);
  assert.ok(Math.abs(second.time - 1.5) < 1e-6);
  assert.equal(midi.header.meta.filter((m) => m.type === 'marker').map((m) => [m.text, m.ticks]), [['b', 2400]]);
});

test('an independent parser (jzz-midi-smf) reads the file with no complaints', () => {
  const smf = readWithJzz(midiFile(trio, { name: 'trio' }));
  assert.is(smf.type, 1);
  assert.is(smf.ppqn, 960);
  assert.is(smf.length, 4);
  assert.is(smf.validate(), undefined);
});

test('a score that ends in rests: the first track lasts until its end', () => {
  const smf = readWithJzz(midiFile(view([note({ offset: 0, midiNote: 60 })]), { end: 2500 }));
  const conductor = smf[0]!;
  assert.is(conductor[conductor.length - 1]!.tt, 4800);
});

test('TickClock: many tempo changes do not accumulate rounding', () => {
  const changes = Array.from({ length: 500 }, (_, i) => ({ offset: i * 333.3337, bpm: 97 + (i % 7) * 3.1 }));
  const clock = new TickClock(changes, 960);
  // Where a reader of the file puts a tick: walk the tempo events as written.
  const readerMs = (tick: number) => {
    let ms = 0;
    for (let i = 0; i < clock.tempos.length; i++) {
      const t = clock.tempos[i]!;
      const next = clock.tempos[i + 1];
      const until = next && next.tick < tick ? next.tick : tick;
      if (until > t.tick) ms += ((until - t.tick) * t.microsPerQuarter) / 1000 / 960;
      if (!next || next.tick >= tick) break;
    }
    return ms;
  };
  for (const ms of [0, 1234.5, 50_000, 166_000]) {
    const error = Math.abs(readerMs(clock.tick(ms)) - ms);
    assert.ok(error < 0.7, `at ${ms} ms the reader is off by ${error} ms`);
  }
});

test('TickClock: a tempo too slow for a set-tempo event is left out', () => {
  const clock = new TickClock([{ offset: 0, bpm: 120 }, { offset: 1000, bpm: 2 }], 960);
  assert.equal(clock.tempos, [{ tick: 0, microsPerQuarter: 500_000 }]);
});

test.run();
