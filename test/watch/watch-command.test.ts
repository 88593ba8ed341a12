import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { isNoteOn, readRecording, stopServer, testServer, waitFor } from '../pipeline/harness.js';
import { expectedOns, LoopRecording, within, type Heard } from '../live/loop-harness.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first (run `npm run build` before this file alone). */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

interface Context {
  server: Awaited<ReturnType<typeof testServer>>['server'];
  dir: string;
  watcher: ChildProcess | undefined;
  /** Every watcher the test started, killed after it. */
  watchers: ChildProcess[];
  output: string[];
}

const test = suite<Context>('alda-live watch');

test.before.each(async (context) => {
  const { server, dir } = await testServer({ newScore: () => new EngineScore() });
  Object.assign(context, { server, dir, watcher: undefined, watchers: [], output: [] });
});

test.after.each(async (context) => {
  for (const watcher of context.watchers) {
    if (watcher.exitCode !== null) continue;
    const exited = new Promise((done) => watcher.once('exit', done));
    watcher.kill('SIGKILL');
    await exited;
  }
  await context.server.close();
  await stopLaunched(context.dir);
  await stopServer(context.server, context.dir);
});

/** A server a watcher started (detached) in the test's dir, when the test's own went away: stopped, and waited for. */
async function stopLaunched(dir: string): Promise<void> {
  const state = readServerState(dir);
  if (!state || state.pid === process.pid) return;
  try {
    process.kill(state.pid, 'SIGTERM');
    await waitFor('the started server to exit', () => readServerState(dir) === undefined, 10_000);
  } catch {
    try {
      process.kill(state.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** `alda-live watch ARGS` as a real process, on the test's server, in the test's dir; its lines go to `output`. */
function watch(context: Context, ...args: string[]): void {
  context.watcher = spawnWatch(context, context.output, ...args);
}

function spawnWatch(context: Context, output: string[], ...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [bin, 'watch', ...args], {
    cwd: context.dir,
    env: { ...process.env, ALDA_LIVE_STATE_DIR: context.dir, ALDA_LIVE_RECORD: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const take = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    output.push(...lines);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  context.watchers.push(child);
  return child;
}

/** Waits for an output line (of `output`, the first watcher's by default) matching `pattern` after line `from`; resolves with its match and index. */
async function line(context: Context, pattern: RegExp, from = 0, output = context.output): Promise<{ match: RegExpMatchArray; index: number }> {
  return waitFor(`a line matching ${pattern} (so far: ${JSON.stringify(output.slice(from))})`, () => {
    for (let i = from; i < output.length; i++) {
      const match = output[i]!.match(pattern);
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
  // The lines come in whatever chunks the pipe gives: wait for each, then check their order.
  const nothing = await line(context, /^Nothing plays yet: save first\.alda once it is fixed$/, error.index);
  assert.equal(context.output.slice(error.index + 1, nothing.index), ['hint: notes are lower-case: c d e']);
  saveInPlace(file, 'piano: c d e');
  const playing = await line(context, /^Playing first\.alda \(3 notes\)/, error.index);
  saveInPlace(file, 'piano: c d (tempo)');
  const broken = await line(context, /^error \[[A-Z_]+\]: first\.alda:1:\d+ /, playing.index);
  await line(context, /^Nothing changed: the last good version plays on$/, broken.index);
});

test('--live: the server goes away; watch says so, starts one, and loops the last good version again at once', async (context) => {
  const file = join(context.dir, 'song.alda');
  const recording = new LoopRecording(join(context.dir, 'song.jsonl'));
  writeFileSync(file, song(PIANO_1));
  watch(context, 'song.alda', '--live', '--record', recording.file);
  const first = await line(context, /^Looping piano \(quant loop\)/);
  await recording.reached(0, 500);
  // A broken save after the good one: the good one is what comes back.
  saveInPlace(file, song('piano: c8 d e )'));
  const broken = await line(context, /^Nothing changed/, first.index);

  await context.server.close();
  const lost = await line(context, /^Lost the server .*; reconnecting…$/, broken.index);
  const back = await line(context, /^Reconnected to the server at ws:\/\/127\.0\.0\.1:\d+; the last good version loops again$/, lost.index);
  await line(context, /^Looping piano \(quant loop\)/, back.index);
  assert.ok(readServerState(context.dir)!.pid !== process.pid, 'a server of its own was started');
  const before = readRecording(recording.file).filter(isNoteOn).length;
  await waitFor('the piano again', () => readRecording(recording.file).filter(isNoteOn).length >= before + 4, 30_000);
});

test('not live: after the server goes away, the next save plays on a new server; a bad one plays the last good version', async (context) => {
  const file = join(context.dir, 'tune.alda');
  const record = join(context.dir, 'tune.jsonl');
  writeFileSync(file, 'piano: (tempo 300) c8 d');
  watch(context, 'tune.alda', '--record', record);
  const first = await line(context, /^Playing tune\.alda \(2 notes\)/);
  // Heard before the server goes: closing it silences what has not played yet.
  await waitFor('the first notes', () => readRecording(record).filter(isNoteOn).length === 2, 30_000);
  await context.server.close();
  // The close may cut the first play short (d comes 100 ms in): count only what plays after it.
  const heard = readRecording(record).filter(isNoteOn).length;

  saveInPlace(file, 'piano: (tempo 300) e8 )');
  const lost = await line(context, /^Lost the server .*; reconnecting…$/, first.index);
  await line(context, /^Reconnected to the server at .*; the next save of tune\.alda plays$/, lost.index);
  const broken = await line(context, /^error \[[A-Z_]+\]: tune\.alda:1:\d+ /, lost.index);
  await line(context, /^Playing the last good version of tune\.alda again \(2 notes\)$/, broken.index);
  await waitFor('the last good version heard again', () => readRecording(record).filter(isNoteOn).length >= heard + 2, 30_000);
});

test('two watchers of two files with the same name never share a session; --session joins one and says so', async (context) => {
  for (const dir of ['a', 'b']) mkdirSync(join(context.dir, dir));
  writeFileSync(join(context.dir, 'a', 'song.alda'), 'piano: c d');
  writeFileSync(join(context.dir, 'b', 'song.alda'), 'cello: e f g');
  watch(context, join('a', 'song.alda'));
  const other: string[] = [];
  spawnWatch(context, other, join('b', 'song.alda'));
  await line(context, /^Playing a\/song\.alda \(2 notes\)/);
  await line(context, /^Playing b\/song\.alda \(3 notes\)/, 0, other);
  const names = (await line(context, /^Watching a\/song\.alda in session (\S+);/)).match[1]!;
  const otherName = (await line(context, /^Watching b\/song\.alda in session (\S+);/, 0, other)).match[1]!;
  assert.is.not(names, otherName);
  assert.is(context.server.sessions.get(names)!.score.size, 2);
  assert.is(context.server.sessions.get(otherName)!.score.size, 3);

  // --session joins: said on screen; a --record other than the session's sink is refused, not dropped.
  const joined: string[] = [];
  spawnWatch(context, joined, join('b', 'song.alda'), '--session', names);
  await line(context, new RegExp(`^Joined session ${names} \\(2 notes so far\\)$`), 0, joined);
  const refused: string[] = [];
  const child = spawnWatch(context, refused, join('b', 'song.alda'), '--session', names, '--record', 'elsewhere.jsonl');
  const code = await new Promise((done) => child.once('exit', done));
  assert.is(code, 1);
  assert.match(refused.join('\n'), new RegExp(`^Session "${names}" already plays through the built-in synth; --port and --record take effect when a session starts`));
});

test.run();
