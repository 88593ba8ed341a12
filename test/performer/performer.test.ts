import { pbkdf2 } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Performer } from '../../src/performer/performer.js';
import { addVirtualOutput } from '../../src/performer/sinks/jzz.js';
import { MidiPortError, MidiPortSink } from '../../src/performer/sinks/midi-port-sink.js';
import { RecorderSink } from '../../src/performer/sinks/recorder-sink.js';
import { SynthSink } from '../../src/performer/sinks/synth-sink.js';
import type { Sink } from '../../src/performer/sinks/sink.js';
import { WarmSynth } from '../../src/performer/sinks/warm-synth.js';
import { compile } from '../../src/engine/compile.js';
import { midiMessages } from '../../src/engine/midi-messages.js';
import { LIMITER_CEILING } from '../../src/sound/master-bus.js';
import { freshDir, waitFor } from '../pipeline/harness.js';

/** A sink that keeps what it is given. */
class ListSink implements Sink {
  readonly name = 'list';
  readonly got: { data: readonly number[]; due: number; at: number }[] = [];
  send(data: readonly number[], due: number, at: number): void {
    this.got.push({ data, due, at });
  }
  async close(): Promise<void> {}
}

/** A clock that stands still unless moved, with no timers ever firing by themselves. */
function stillClock() {
  const clock = { time: 1000, now: () => clock.time, setTimer: () => 0, clearTimer: () => {}, pause: () => {} };
  return clock;
}

const note = (t: number, n: number, on = true) => ({ t, d: [on ? 0x90 : 0x80, n, on ? 100 : 0], p: 'p' });

test('the first batch starts the timeline one lookahead from now, from its start', async () => {
  const performer = new Performer({ clock: stillClock(), lookahead: 10 });
  await performer.open('s', [new ListSink()]);
  assert.is(performer.position(), null);
  const placed = performer.schedule(0, [note(250, 60), note(500, 60, false)]);
  assert.equal(placed, { firstDue: 250, lastDue: 500, shift: 0 });
  assert.is(performer.position(), -10);
});

test('a batch whose start has passed plays now; one still ahead keeps its place', async () => {
  const clock = stillClock();
  const performer = new Performer({ clock, lookahead: 10 });
  await performer.open('s', [new ListSink()]);
  performer.schedule(0, [note(0, 60), note(1000, 60, false)]);
  clock.time += 5000;
  const late = performer.schedule(1000, [note(1000, 62), note(1100, 62, false)]);
  assert.is(late.firstDue, 5000);
  const next = performer.schedule(1100, [note(1100, 64)]);
  assert.is(next.firstDue, 5100, 'follows the previous line rather than overlapping it');
  const chunk = performer.schedule(1100, [note(1200, 65)], true);
  assert.is(chunk.firstDue, 5200, 'a continuation keeps the placement');
});

test("each session starts with no channel played on: the set-up of its parts' first notes goes out as their batch arrives", async () => {
  const clock = stillClock();
  const performer = new Performer({ clock, lookahead: 10 });
  const program = { t: 0, d: [0xc0, 40], p: 'p' };
  for (const session of ['a', 'b']) {
    const sink = new ListSink();
    await performer.open(session, [sink]);
    performer.schedule(0, [program, note(0, 60), note(100, 60, false)]);
    assert.equal(sink.got, [{ data: [0xc0, 40], due: -10, at: -10 }], `session ${session}: the program, at once`);
  }
});

test('afterBurst resolves as the next burst goes out, or after its time when none does', async () => {
  const performer = new Performer({ lookahead: 5 });
  const sink = new ListSink();
  await performer.open('s', [sink]);
  let started = performance.now();
  await performer.afterBurst(0);
  assert.ok(performance.now() - started < 1000);
  performer.schedule(0, [note(0, 60), note(0, 64)]);
  started = performance.now();
  await performer.afterBurst(10_000);
  assert.ok(performance.now() - started < 5000, 'not on its 10 s timer');
  assert.equal(sink.got.map((m) => m.data[1]), [60, 64], 'the whole burst had gone');
  started = performance.now();
  await performer.afterBurst(30);
  assert.ok(performance.now() - started >= 29, 'nothing was due: its own time');
  await performer.close();
});

test('the recorder writes one JSON line per message on the session timeline', async () => {
  const dir = freshDir();
  const file = join(dir, 'sub', 'r.jsonl');
  const recorder = new RecorderSink(file);
  recorder.send([0x90, 60, 100], 10, 10.0004);
  recorder.send([0x80, 60, 0], 20.5, 20.6);
  await recorder.close();
  await recorder.close();
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.match(lines[0]!, /^\{"at":10,"due":10,"data":\[144,60,100\],"host":\d+(\.\d+)?\}$/);
  assert.match(lines[1]!, /^\{"at":20.6,"due":20.5,"data":\[128,60,0\],"host":\d+(\.\d+)?\}$/);
  assert.is(lines[2], '');
  const [first, second] = lines.slice(0, 2).map((line) => (JSON.parse(line) as { host: number }).host);
  assert.ok(second! >= first!, "the host's clock runs on");
});

test("the recorder writes a burst into a regular file as it goes, not behind the work of libuv's thread pool", async () => {
  const file = join(freshDir(), 'r.jsonl');
  const recorder = await RecorderSink.open(file);
  // Four hashes take the pool's four threads: a write given to the pool waits for one of them.
  const hashes = Array.from({ length: 4 }, () => new Promise((done) => pbkdf2('alda', 'salt', 20_000, 32, 'sha256', done)));
  recorder.send([0x90, 60, 100], 10, 10);
  recorder.send([0x90, 64, 100], 10, 10.01);
  recorder.sent();
  assert.is(readFileSync(file, 'utf8').split('\n').length, 3, 'both lines are in the file when the burst has gone');
  await Promise.all(hashes);
  await recorder.close();
});

test('through a real JZZ virtual port, every message arrives in order', async () => {
  const received: number[][] = [];
  addVirtualOutput('Alda Test Out', (data) => received.push(data));
  const sink = await MidiPortSink.open('alda test');
  assert.is(sink.name, 'midi:Alda Test Out');
  const performer = new Performer({ lookahead: 5 });
  await performer.open('s', [sink]);
  performer.schedule(0, [note(0, 60), note(20, 60, false), note(20, 62), note(40, 62, false)]);
  await waitFor('4 messages', () => received.length === 4);
  assert.equal(received, [[0x90, 60, 100], [0x80, 60, 0], [0x90, 62, 100], [0x80, 62, 0]]);
  await performer.close();
});

test('an unknown port is refused with a clear error naming the outputs', async () => {
  try {
    await MidiPortSink.open('No Such Synth');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, MidiPortError);
    assert.is((error as MidiPortError).code, 'ALDA_NO_SUCH_PORT');
    assert.match((error as Error).message, /No MIDI output named "No Such Synth".*alda-live ports/);
  }
});

test('the built-in synth renders the notes it is sent, in its own thread', async () => {
  const synth = await SynthSink.open({ output: 'null', bufferDuration: 20 });
  try {
    const performer = new Performer({ lookahead: 5 });
    await performer.open('s', [synth]);
    performer.schedule(0, [{ t: 0, d: [0xc0, 0] }, note(0, 69), note(300, 69, false)]);
    await waitFor('sound', () => synth.peak > 0.01);
    await performer.close();
  } finally {
    await synth.close();
  }
});

test('the built-in synth plays live at the level of an export: the README scale peaks above -6 dBFS, under the ceiling', async () => {
  const synth = await SynthSink.open({ output: 'null', bufferDuration: 20 });
  try {
    const performer = new Performer({ lookahead: 5 });
    await performer.open('s', [synth]);
    const messages = midiMessages(compile('piano: o4 c8 d e f g2').view).map((m) => ({ t: m.offset, d: [...m.data], p: m.part }));
    synth.prepare(messages.map((m) => m.d));
    performer.schedule(0, messages);
    await waitFor('a peak above -6 dBFS', () => synth.peak > 10 ** (-6 / 20));
    assert.ok(synth.peak <= LIMITER_CEILING, `peak ${synth.peak}`);
    await performer.close();
  } finally {
    await synth.close();
  }
});

test('sessions borrow the warm synth in turn: the one thread started before them plays for each, and a second borrower at once gets its own', async () => {
  const keeper = new WarmSynth({ output: 'null', bufferDuration: 20 });
  try {
    const kept = await keeper.warm();
    const first = await keeper.borrow();
    const overlapping = await keeper.borrow();
    await overlapping.close();
    const performer = new Performer({ lookahead: 5 });
    await performer.open('a', [first]);
    performer.schedule(0, [{ t: 0, d: [0xc0, 0] }, note(0, 69), note(300, 69, false)]);
    await waitFor('sound from the warm synth', () => kept.peak > 0.01);
    await performer.close();
    const second = await keeper.borrow();
    assert.is(await keeper.warm(), kept, 'the same synth, not a new one per session');
    await second.close();
  } finally {
    await keeper.close();
  }
});

test.run();
