import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { expectedOns, LoopRecording, within } from '../live/loop-harness.js';
import { isNoteOff, isNoteOn, readRecording, serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { conformance } from '../support/kit.js';
import { attachPerformer, pathFor, PLUGINS, pythonFor, type PythonProcess } from '../support/python.js';

/**
 * plugins/python-performer, as a user attaches it: a real server that starts no performer of its
 * own, the Python performer started by hand with the manifest's `--url` and `--token-file`, and
 * a client playing Alda scores through it, heard in its recording.
 */
interface Context extends ServerContext {
  performer: PythonProcess;
  seq: number;
}

const python = pythonFor('plugins/python-performer (test/plugins/python-performer.test.ts)', ['websockets'], 'python3-websockets');

const test = serverSuite<Context>('python performer', { newScore: () => new EngineScore(), spawnPerformers: false });

test.before(async (context) => {
  context.seq = 0;
  context.performer = await attachPerformer(python!, 'python-performer/performer.py', context.server, context.dir, 'py-1');
});

test.after(async ({ performer }) => {
  await performer?.stop();
});

const ask = async (context: Context, message: Record<string, unknown>) => {
  const reply = await context.client.request({ v: 1, id: `py:${++context.seq}`, ...message });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  return reply.result as Record<string, unknown>;
};

const played = async (context: Context, session: string) => {
  await waitFor(`session ${session} to finish`, async () => (await ask(context, { type: 'wait', session })).done === true, 20_000);
};

test('an Alda score plays through it: the notes, at their times, none early, each released', async (context) => {
  const record = join(context.dir, 'score.jsonl');
  const result = await ask(context, { type: 'eval', session: 'score', code: 'piano: (tempo 240) o4 c8 d e f g4', sink: { record } });
  assert.is(result.performer, context.performer.child.pid, 'the Python performer plays it');
  assert.equal([result.firstDue, result.lastDue], [0, 725], "the last note-off ends the batch");
  await played(context, 'score');
  const lines = readRecording(record);
  const ons = lines.filter(isNoteOn);
  assert.equal(ons.map((l) => l.data[1]), [60, 62, 64, 65, 67]);
  assert.equal(ons.map((l) => l.due), [0, 125, 250, 375, 500], 'an eighth at 240 bpm is 125 ms');
  assert.ok(lines.every((l) => l.at >= l.due), 'nothing goes out early');
  assert.ok(lines.some((l) => l.data[0] === 0xc0 && l.data.length === 2), 'the program change, two bytes, is sent');
  assert.is(lines.filter(isNoteOff).length, 5, 'every note is released');
  await ask(context, { type: 'close', session: 'score' });
});

test('live loops swap a part at its boundary (replace), and stop leaves no note sounding', async (context) => {
  const recording = new LoopRecording(join(context.dir, 'loops.jsonl'));
  await ask(context, { type: 'live', session: 'loops', code: '(tempo! 240)\npiano: c8 d e f\n', sink: { record: recording.file } });
  await recording.reached(0, 500);
  const swapped = await ask(context, { type: 'live', session: 'loops', code: '(tempo! 240)\npiano: c8 e g b\n' });
  const at = (swapped.swaps as { at: number }[])[0]!.at;
  await recording.reached(0, at + 500);
  await ask(context, { type: 'stop', session: 'loops' });
  const piano1 = [{ t: 0, note: 60 }, { t: 125, note: 62 }, { t: 250, note: 64 }, { t: 375, note: 65 }];
  const piano2 = [{ t: 0, note: 60 }, { t: 125, note: 64 }, { t: 250, note: 67 }, { t: 375, note: 71 }];
  assert.equal(within(recording.ons(0), 0, at + 500), [...expectedOns(piano1, 500, 0, 0, at), ...expectedOns(piano2, 500, at, at, at + 500)]);
  await waitFor('the stop to be recorded', () => recording.lines.some((l) => l.data[0] === 0xb0 && l.data[1] === 123));
  assert.equal(recording.hanging(0), [], 'no stuck notes after stop');
  await ask(context, { type: 'close', session: 'loops' });
});

test('--port naming an output that is not there (or with no MIDI system at all) is refused at start in one line, exit 2', async () => {
  const run = spawnSync(python!, [join(PLUGINS, 'python-performer/performer.py'), '--port', 'No Such Output'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ALDA_LIVE_URL: 'ws://127.0.0.1:9', ALDA_LIVE_TOKEN: 'unused' },
  });
  assert.is(run.status, 2, run.stderr);
  assert.match(run.stderr, /^error: (No MIDI output named "No Such Output"|Cannot list the MIDI outputs to find "No Such Output"|Playing to a MIDI port needs mido)/m);
  assert.not.match(run.stderr, 'Traceback');
});

test('as its manifest starts it, it passes `alda-live conformance performer`, every tier', async () => {
  const { code, out } = await conformance(['performer', '--with', 'python-performer'], 120_000, pathFor(python!));
  assert.is(code, 0, out);
  assert.match(out, 'PASS: 6 of 6 required tiers passed');
});

if (python) test.run();
