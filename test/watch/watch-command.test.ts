import { spawn, type ChildProcess } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { isNoteOn, readRecording, stopServer, testServer, waitFor } from '../pipeline/harness.js';
import { expectedOns, LoopRecording, within, type Heard } from '../live/loop-harness.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first (run `npm run build` before this file alone). */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

interface Context {
  server: Awaited<ReturnType<typeof testServer>>['server'];
  dir: string;
  watcher: ChildProcess | undefined;
  output: string[];
}

const test = suite<Context>('alda-live watch');

test.before.each(async (context) => {
  const { server, dir } = await testServer({ newScore: () => new EngineScore() });
  Object.assign(context, { server, dir, watcher: undefined, output: [] });
});

test.after.each(async (context) => {
  if (context.watcher && context.watcher.exitCode === null) {
    const exited = new Promise((done) => context.watcher!.once('exit', done));
    context.watcher.kill('SIGKILL');
    await exited;
  }
  await stopServer(context.server, context.dir);
});

/** `alda-live watch ARGS` as a real process, on the test's server, in the test's dir. */
function watch(context: Context, ...args: string[]): void {
  const child = spawn(process.execPath, [bin, 'watch', ...args], {
    cwd: context.dir,
    env: { ...process.env, ALDA_LIVE_STATE_DIR: context.dir, ALDA_LIVE_RECORD: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const take = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    context.output.push(...lines);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  context.watcher = child;
}

/** Waits for an output line matching `pattern` after line `from`; resolves with its match and index. */
async function line(context: Context, pattern: RegExp, from = 0): Promise<{ match: RegExpMatchArray; index: number }> {
  return waitFor(`a line matching ${pattern} (so far: ${JSON.stringify(context.output.slice(from))})`, () => {
    for (let i = from; i < context.output.length; i++) {
      const match = context.output[i]!.match(pattern);
      if (match) return { match, index: i };
    }
    return undefined;
  }, 30_000);
}

const song = (...parts: string[]) => `(tempo! 240)\n${parts.join('\n')}\n`;
const PIANO_1 = 'piano: c8 d e f';
const PIANO_2 = 'piano: c8 e g b';
const CELLO = 'cello: o2 c4 g';
const piano1: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 62 }, { t: 250, note: 64 }, { t: 375, note: 65 }];
const piano2: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 64 }, { t: 250, note: 67 }, { t: 375, note: 71 }];
const cello: Heard[] = [{ t: 0, note: 36 }, { t: 250, note: 43 }];

const saveInPlace = (file: string, text: string) => writeFileSync(file, text);
const saveByRename = (file: string, text: string) => {
  writeFileSync(file + '.swp', text);
  renameSync(file + '.swp', file);
};

test('--live: an edited part swaps at its next loop boundary, the other plays on; a broken save changes nothing', async (context) => {
  const file = join(context.dir, 'song.alda');
  const recording = new LoopRecording(join(context.dir, 'song.jsonl'));
  writeFileSync(file, song(PIANO_1, CELLO));
  watch(context, 'song.alda', '--live', '--record', recording.file);
  await line(context, /^Looping piano, cello \(quant loop\)/);
  await recording.reached(1, 1000);

  saveInPlace(file, song(PIANO_2, CELLO));
  const swapped = await line(context, /^piano changes at (\d+\.\d+) s/);
  const at = Math.round(Number(swapped.match[1]) * 1000);
  assert.is(at % 500, 0, 'a loop boundary');

  saveByRename(file, song(PIANO_1, 'cello: o2 c4 ) g'));
  const broken = await line(context, /^error \[[A-Z_]+\]: song\.alda:3:\d+ /, swapped.index);
  await line(context, /^Nothing changed/, broken.index);

  await recording.reached(0, at + 1000);
  await recording.reached(1, at + 1000);
  const end = at + 1000;
  assert.equal(within(recording.ons(0), 0, end), [...expectedOns(piano1, 500, 0, 0, at), ...expectedOns(piano2, 500, at, at, end)]);
  assert.equal(within(recording.ons(1), 0, end), expectedOns(cello, 500, 0, 0, end), 'the cello played on, untouched');
  assert.equal(recording.soundingAt(0, at), [], 'the old piano notes all ended by the boundary');

  // A good save by rename: the cello goes, at its boundary, with its notes released.
  saveByRename(file, song(PIANO_2));
  const stopped = await line(context, /^cello stops at (\d+\.\d+) s/, broken.index);
  const stopAt = Math.round(Number(stopped.match[1]) * 1000);
  assert.not.ok(context.output.slice(broken.index).some((l) => l.startsWith('piano')), 'the unchanged piano is not touched');
  await recording.reached(0, stopAt + 500);
  assert.ok(recording.ons(1).every((on) => on.t < stopAt));
  assert.equal(recording.hanging(1), []);
});

test('without --live, every save plays the score again from the start; one save is one replay', async (context) => {
  const file = join(context.dir, 'tune.alda');
  const record = join(context.dir, 'tune.jsonl');
  writeFileSync(file, 'piano: (tempo 300) c8 d');
  watch(context, 'tune.alda', '--record', record);
  const first = await line(context, /^Playing tune\.alda \(2 notes\)/);
  await waitFor('the first notes', () => readRecording(record).filter(isNoteOn).length === 2);

  saveInPlace(file, 'piano: (tempo 300) e8 f g');
  const second = await line(context, /^Playing tune\.alda \(3 notes\)/, first.index + 1);
  saveByRename(file, 'piano: (tempo 300) a8 b');
  const last = await line(context, /^Playing tune\.alda \(2 notes\)/, second.index + 1);
  assert.is(context.output.filter((l) => l.startsWith('Playing')).length, 3, 'one replay per save');
  await waitFor('the last save heard', () => readRecording(record).filter(isNoteOn).some((r) => r.data[1] === 71));
  const notes = readRecording(record).filter(isNoteOn).map((r) => r.data[1]);
  assert.equal(notes.slice(0, 2), [60, 62]);
  assert.equal(notes.slice(-2), [69, 71]);

  saveInPlace(file, 'piano: c d (tempo)');
  await line(context, /^error \[[A-Z_]+\]: tune\.alda:1:\d+ /, last.index);
  context.watcher!.kill('SIGINT');
  const code = await new Promise((done) => context.watcher!.once('exit', done));
  assert.is(code, 0, context.output.join('\n'));
});

test('a first version that does not evaluate: Alda\'s error, a hint, and no "last good version"; the fix plays', async (context) => {
  const file = join(context.dir, 'first.alda');
  writeFileSync(file, 'piano: C D E');
  watch(context, 'first.alda');
  const error = await line(context, /^error \[[A-Z_]+\]: first\.alda:1:9 Unexpected ' ' in note\/rest\/name$/);
  assert.is(context.output[error.index + 1], 'hint: notes are lower-case: c d e');
  assert.is(context.output[error.index + 2], 'Nothing plays yet: save first.alda once it is fixed');
  saveInPlace(file, 'piano: c d e');
  const playing = await line(context, /^Playing first\.alda \(3 notes\)/, error.index);
  saveInPlace(file, 'piano: c d (tempo)');
  const broken = await line(context, /^error \[[A-Z_]+\]: first\.alda:1:\d+ /, playing.index);
  await line(context, /^Nothing changed: the last good version plays on$/, broken.index);
});

test.run();
