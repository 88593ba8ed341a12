import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { expectedOns, LoopRecording, within, type Heard } from './loop-harness.js';

/** 240 bpm: a beat is 250 ms, and each part below loops every 500 ms. */
const PIANO_1 = 'piano: c8 d e f';
const PIANO_2 = 'piano: c8 e g b';
const CELLO = 'cello: o2 c4 g';
const song = (...parts: string[]) => `(tempo! 240)\n${parts.join('\n')}\n`;

const piano1: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 62 }, { t: 250, note: 64 }, { t: 375, note: 65 }];
const piano2: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 64 }, { t: 250, note: 67 }, { t: 375, note: 71 }];
const cello: Heard[] = [{ t: 0, note: 36 }, { t: 250, note: 43 }];
const PIANO = 0;
const CELLO_CHANNEL = 1;

interface Context extends ServerContext {
  seq: number;
  session: string;
}

const test = serverSuite<Context>('live loops on the server', { newScore: () => new EngineScore() });

test.before.each((context) => {
  context.seq ??= 0;
  context.session = `song-${context.seq}`;
});

const ask = (context: Context, message: Record<string, unknown>) =>
  context.client.request({ v: 1, id: `t:${++context.seq}`, session: context.session, ...message });

const result = (reply: Record<string, unknown>) => {
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  return reply.result as { swaps: { part: string; kind: string; at: number }[]; now: number; pending: unknown[]; error: string | null; at?: number };
};

test('a changed part swaps at its loop boundary; the other plays on untouched; a bad save changes nothing', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  const started = result(await ask(context, { type: 'live', code: song(PIANO_1, CELLO), name: 'song.alda', sink: { record: recording.file } }));
  assert.equal(started.swaps.map((s) => [s.part, s.kind, s.at]), [['piano', 'enter', 0], ['cello', 'enter', 0]]);
  await recording.reached(CELLO_CHANNEL, 1000);

  const swapped = result(await ask(context, { type: 'live', code: song(PIANO_2, CELLO), name: 'song.alda' }));
  assert.is(swapped.swaps.length, 1, 'only the edited part changes');
  const { part, kind, at } = swapped.swaps[0]!;
  assert.equal([part, kind], ['piano', 'swap']);
  assert.is(at % 500, 0, 'on a loop boundary');
  assert.ok(at >= 1000, 'at a boundary after what was heard before the save');

  const broken = await ask(context, { type: 'live', code: song(PIANO_1, 'cello: o2 c4 ) g'), name: 'song.alda' });
  assert.is(broken.type, 'error');
  assert.match(String(broken.message), /^song\.alda:3:\d+ /);
  const status = result(await ask(context, { type: 'live-status' }));
  assert.is(status.error, broken.message, 'the status shows the last error');

  await recording.reached(PIANO, at + 1000);
  await recording.reached(CELLO_CHANNEL, at + 1000);
  const end = at + 1000;
  assert.equal(within(recording.ons(PIANO), 0, end), [...expectedOns(piano1, 500, 0, 0, at), ...expectedOns(piano2, 500, at, at, end)]);
  assert.equal(within(recording.ons(CELLO_CHANNEL), 0, end), expectedOns(cello, 500, 0, 0, end), 'the cello never noticed');
  assert.equal(recording.soundingAt(0, at), [], 'the old piano notes all ended by the boundary');

  const fixed = result(await ask(context, { type: 'live', code: song(PIANO_2, CELLO), name: 'song.alda' }));
  assert.equal(fixed.swaps, [], 'the same score again changes nothing');
  assert.is(fixed.error, null, 'a good save clears the error');
});

test('a removed part stops at its boundary with its notes released; unloop lets the last one finish', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  result(await ask(context, { type: 'live', code: song(PIANO_1, 'cello: o2 c2'), sink: { record: recording.file } }));
  await recording.reached(CELLO_CHANNEL, 500);
  const removed = result(await ask(context, { type: 'live', code: song(PIANO_1) }));
  assert.equal(removed.swaps.map((s) => [s.part, s.kind]), [['cello', 'stop']]);
  const stopAt = removed.swaps[0]!.at;
  await recording.reached(PIANO, stopAt + 500);
  assert.ok(recording.ons(CELLO_CHANNEL).every((on) => on.t < stopAt), 'no cello note after its stop');
  assert.equal(recording.hanging(CELLO_CHANNEL), [], 'every cello note was released');

  const unlooped = result(await ask(context, { type: 'unloop', part: 'piano' }));
  const unloopAt = unlooped.at!;
  assert.is(unloopAt % 500, 0);
  await waitFor('the transport past the unloop', async () => result(await ask(context, { type: 'live-status' })).now > unloopAt + 100);
  assert.ok(recording.ons(PIANO).every((on) => on.t < unloopAt));
  assert.equal(within(recording.ons(PIANO), 0, unloopAt), expectedOns(piano1, 500, 0, 0, unloopAt), 'the last iteration played whole');
  assert.equal(recording.hanging(PIANO), []);
  const missing = await ask(context, { type: 'unloop', part: 'piano' });
  assert.is(missing.code, 'ALDA_NO_SUCH_PART');
});

test('--quant beat: a swap lands on the next beat, cutting the old loop there; a new part enters in phase', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  // Piano loops every 750 ms, so beats fall inside its loop.
  const pianoLong = 'piano: c8 d e f g a';
  result(await ask(context, { type: 'live', code: song(pianoLong), quant: 'beat', sink: { record: recording.file } }));
  await recording.reached(PIANO, 750);
  const swapped = result(await ask(context, { type: 'live', code: song(PIANO_2, 'cello: o2 c2') }));
  const swap = swapped.swaps.find((s) => s.part === 'piano')!;
  const entry = swapped.swaps.find((s) => s.part === 'cello')!;
  assert.is(swap.at % 250, 0, 'on a beat');
  assert.is(entry.at % 250, 0, 'the new part on the beat grid too');
  await recording.reached(PIANO, swap.at + 500);
  const longOns: Heard[] = [60, 62, 64, 65, 67, 69].map((note, i) => ({ t: i * 125, note }));
  assert.equal(
    within(recording.ons(PIANO), 0, swap.at + 500),
    [...expectedOns(longOns, 750, 0, 0, swap.at), ...expectedOns(piano2, 500, swap.at, swap.at, swap.at + 500)],
  );
  assert.equal(recording.ons(CELLO_CHANNEL)[0]?.t, entry.at);
  const bad = await ask(context, { type: 'live', code: song(PIANO_1), quant: 'bars' });
  assert.is(bad.code, 'ALDA_BAD_QUANT');
  await ask(context, { type: 'stop' });
  const notLive = await ask(context, { type: 'live-status' });
  assert.is(notLive.code, 'ALDA_NOT_LIVE', 'stop ends live mode');
  await waitFor('silence', () => recording.hanging(PIANO).length === 0 && recording.hanging(CELLO_CHANNEL).length === 0);
});

test('a tempo change takes effect at the boundary, for every part it changes', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  result(await ask(context, { type: 'live', code: song(PIANO_1, CELLO), sink: { record: recording.file } }));
  await recording.reached(PIANO, 500);
  const slower = result(await ask(context, { type: 'live', code: song(PIANO_1, CELLO).replace('240', '120') }));
  assert.equal(slower.swaps.map((s) => [s.part, s.kind]), [['piano', 'swap'], ['cello', 'swap']]);
  const at = slower.swaps[0]!.at;
  assert.is(slower.swaps[1]!.at, at, 'both loops end together, and change together');
  await recording.reached(PIANO, at + 1000);
  const halfSpeed = piano1.map((on) => ({ t: on.t * 2, note: on.note }));
  assert.equal(within(recording.ons(PIANO), 0, at + 1000), [...expectedOns(piano1, 500, 0, 0, at), ...expectedOns(halfSpeed, 1000, at, at, at + 1000)]);
  await ask(context, { type: 'stop' });
});

test('two first saves at once start one set of loops, not two', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  const code = song(PIANO_1);
  const [first, second] = await Promise.all([
    ask(context, { type: 'live', code, sink: { record: recording.file } }),
    ask(context, { type: 'live', code, sink: { record: recording.file } }),
  ]);
  assert.equal([result(first).swaps.length, result(second).swaps.length].sort(), [0, 1]);
  await recording.reached(PIANO, 500);
  assert.equal(within(recording.ons(PIANO), 0, 500), expectedOns(piano1, 500, 0, 0, 500), 'no note doubled');
  await ask(context, { type: 'stop' });
});

test('when the performer dies, the next save starts the loops again on a new one', async (context) => {
  const recording = new LoopRecording(join(context.dir, `${context.session}.jsonl`));
  result(await ask(context, { type: 'live', code: song(PIANO_1), sink: { record: recording.file } }));
  await recording.reached(PIANO, 500);
  const worker = context.server.pool.workers.find((w) => w.session === context.session)!;
  const gone = new Promise((resolve) => worker.child!.once('exit', resolve));
  worker.child!.kill('SIGKILL');
  await gone;
  await waitFor('the loops to notice', async () => (await ask(context, { type: 'live-status' })).code === 'ALDA_NOT_LIVE');
  const heard = recording.lines.length;
  const again = result(await ask(context, { type: 'live', code: song(PIANO_2) }));
  assert.equal(again.swaps.map((s) => [s.part, s.kind, s.at]), [['piano', 'enter', 0]], 'a fresh start');
  await waitFor('the new performer playing', () => recording.lines.slice(heard).filter((r) => r.data[1] === 71).length > 0);
  await ask(context, { type: 'stop' });
});

test.run();
