import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLOCK_PPQN, MIDI_CLOCK, MIDI_CONTINUE, MIDI_START, MIDI_STOP, SONG_POSITION } from '../../src/performer/midi-clock.js';
import { Performer } from '../../src/performer/performer.js';
import { addVirtualOutput } from '../../src/performer/sinks/jzz.js';
import { MidiPortSink } from '../../src/performer/sinks/midi-port-sink.js';
import { freshDir, readRecording, waitFor, type Recorded } from '../pipeline/harness.js';
import { RecorderSink } from '../../src/performer/sinks/recorder-sink.js';
import { join } from 'node:path';

/** `--clock-out`: what a drum machine on the port hears (the timing through a recording, the order through a real JZZ virtual port). */
const dir = freshDir();
const heard: { data: number[]; at: number }[] = [];
addVirtualOutput('Alda Clock Test', (data) => heard.push({ data, at: performance.now() }));

const note = (t: number, key: number, on = true) => ({ t, d: on ? [0x90, key, 100] : [0x80, key, 0], p: 'drums' });

/** Plays two beats at `bpm` with the clock going to a recording: what was sent, and when it was due. */
async function twoBeats(bpm: number): Promise<Recorded[]> {
  const file = join(dir, `clock-${bpm}.jsonl`);
  const beat = 60_000 / bpm;
  const performer = new Performer({ lookahead: 5 });
  await performer.open('s', [], { clockOut: await RecorderSink.open(file) });
  performer.schedule(0, [note(0, 36), note(beat / 2, 36, false), note(beat, 38), note(2 * beat, 38, false)], false, bpm);
  await waitFor('the stop once the notes have played', () => readRecording(file).some((m) => m.data[0] === MIDI_STOP), 5000);
  await performer.close();
  return readRecording(file);
}

for (const bpm of [120, 180]) {
  test(`at ${bpm} bpm: song position 0 and start, ${CLOCK_PPQN} clocks a beat, then stop`, async () => {
    const messages = await twoBeats(bpm);
    assert.equal(messages[0]!.data, [SONG_POSITION, 0, 0]);
    assert.equal(messages[1]!.data, [MIDI_START]);
    assert.equal(messages.at(-1)!.data, [MIDI_STOP]);
    const clocks = messages.filter((m) => m.data[0] === MIDI_CLOCK);
    const beat = 60_000 / bpm;
    const start = messages[1]!.due;
    // The recording keeps µs: a beat's window starts half a clock before it.
    const half = beat / CLOCK_PPQN / 2;
    const perBeat = [0, 1].map((n) => clocks.filter((m) => m.due - start >= n * beat - half && m.due - start < (n + 1) * beat - half).length);
    assert.equal(perBeat, [CLOCK_PPQN, CLOCK_PPQN], `clocks per beat: ${perBeat.join(', ')}`);
    for (const [i, clock] of clocks.slice(0, 2 * CLOCK_PPQN).entries()) {
      assert.ok(Math.abs(clock.due - start - (i * beat) / CLOCK_PPQN) < 0.002, `clock ${i} due at ${clock.due - start} ms`);
    }
  });
}

test('a batch after a stop continues from its song position', async () => {
  heard.length = 0;
  const performer = new Performer({ lookahead: 5 });
  await performer.open('s', [], { clockOut: await MidiPortSink.open('Alda Clock Test') });
  performer.schedule(0, [note(0, 36), note(100, 36, false)], false, 120);
  await waitFor('the first stop', () => heard.some((m) => m.data[0] === MIDI_STOP), 5000);
  heard.length = 0;
  // The session's timeline has moved on: the next line plays some beats in.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const placed = performer.schedule(0, [note(0, 38), note(100, 38, false)], false, 120);
  await waitFor('the second stop', () => heard.some((m) => m.data[0] === MIDI_STOP), 5000);
  await performer.close();
  const sixteenths = Math.round((placed.firstDue / 500) * 4);
  assert.equal(heard[0]!.data, [SONG_POSITION, sixteenths & 0x7f, sixteenths >> 7]);
  assert.equal(heard[1]!.data, [MIDI_CONTINUE]);
  assert.ok(sixteenths > 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
