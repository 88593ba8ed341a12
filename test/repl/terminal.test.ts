import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, isNoteOn, readRecording, waitFor, type Recorded } from '../pipeline/harness.js';

/**
 * The real `alda-live repl` (bin/alda-live.js, built by `npm test`) in a real terminal: tmux,
 * on a socket of its own. Keys go in with send-keys, the screen comes back with capture-pane,
 * and what was played is read from the performer's recording (ALDA_LIVE_RECORD).
 */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

type Context = { dir: string; socket: string; record: string; env: string };
const test = suite<Context>('repl in a terminal');

const tmux = (context: Context, ...args: string[]): string => execFileSync('tmux', ['-L', context.socket, ...args], { encoding: 'utf8' });
const screen = (context: Context, window = 'repl'): string => tmux(context, 'capture-pane', '-p', '-t', window);
const keys = (context: Context, ...keys: string[]) => tmux(context, 'send-keys', '-t', 'repl', ...keys);
/** Text, then Enter as a key of its own (a person's Enter; a pasted one is tested in app.test.tsx). */
const line = (context: Context, text: string, window = 'repl') => {
  tmux(context, 'send-keys', '-t', window, '-l', text);
  tmux(context, 'send-keys', '-t', window, 'Enter');
};
const onScreen = (context: Context, what: string, fact: (text: string) => boolean, timeout = 20_000, window = 'repl') =>
  waitFor(what, () => {
    const text = screen(context, window);
    return fact(text) && text;
  }, timeout);
/** Another `alda-live repl ARGS` in a terminal of its own (tmux session `window`), on the same server. */
const another = (context: Context, window: string, ...args: string[]) =>
  tmux(context, 'new-session', '-d', '-s', window, '-x', '100', '-y', '20', `env ${context.env} ${process.execPath} ${bin} repl ${args.join(' ')}; sleep 60`);
const noteOns = (context: Context): Recorded[] => readRecording(context.record).filter(isNoteOn);

/** tmux is the one tool this suite needs beyond Node: CI installs it, elsewhere its absence skips the file. */
function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test.before((context) => {
  context.dir = freshDir();
  context.socket = `alda-live-test-${process.pid}`;
  context.record = join(context.dir, 'played.jsonl');
  context.env = `ALDA_LIVE_STATE_DIR=${context.dir} ALDA_LIVE_RECORD=${context.record} NO_COLOR=1`;
  tmux(context, '-f', '/dev/null', 'new-session', '-d', '-s', 'repl', '-x', '100', '-y', '40', `env ${context.env} ${process.execPath} ${bin} repl; echo "EXITED $?"; sleep 60`);
});

test.after(async (context) => {
  try {
    tmux(context, 'kill-server');
  } catch {
    // Already gone.
  }
  // The REPL started a server (detached, as for any command): stop it and its performers.
  const state = readServerState(context.dir);
  if (state) {
    try {
      process.kill(state.pid, 'SIGTERM');
      await waitFor('the server to exit', () => readServerState(context.dir) === undefined, 10_000);
    } catch {
      try {
        process.kill(state.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  rmSync(context.dir, { recursive: true, force: true });
});

test('two lines play the scale, with no gap but the music', async (context) => {
  await onScreen(context, 'the prompt', (text) => /^alda>/m.test(text));
  line(context, 'piano: c d e f');
  line(context, 'g a b > c');
  const ons = await waitFor('8 notes', () => noteOns(context).length >= 8 && noteOns(context), 30_000);
  assert.equal(ons.map((on) => on.data[1]), [60, 62, 64, 65, 67, 69, 71, 72]);
  // Placed a quarter note (500 ms at 120 bpm) apart on the timeline, across the two lines.
  ons.forEach((on, i) => assert.ok(Math.abs(on.due - ons[0]!.due - i * 500) < 0.01, `note ${i} due at ${on.due}`));
});

test(':score text shows both lines', async (context) => {
  line(context, ':score text');
  await onScreen(context, 'the text', (text) => /alda> :score text\npiano: c d e f\ng a b > c\n/.test(text));
});

test('a syntax error shows a caret under its column', async (context) => {
  line(context, 'piano: c8 d% e');
  const text = await onScreen(context, 'the error', (text) => text.includes('line 1, column 12'));
  const lines = text.split('\n');
  const echo = lines.indexOf('alda> piano: c8 d% e');
  assert.ok(echo >= 0, text);
  assert.is(lines[echo + 1], ' '.repeat('alda> piano: c8 d'.length) + '^');
  assert.match(lines[echo + 2]!, /^line 1, column 12: Unexpected '%'/);
});

test('a new REPL starts a fresh score; --session NAME joins one, and says so', async (context) => {
  const name = (await onScreen(context, 'the greeting', (text) => /session repl-[0-9a-f]{8} /.test(text))).match(/session (repl-[0-9a-f]{8}) /)![1]!;
  another(context, 'fresh');
  await onScreen(context, 'a second prompt', (text) => /^alda>/m.test(text), 20_000, 'fresh');
  line(context, ':score text', 'fresh');
  await onScreen(context, 'an empty score', (text) => /^\(the score is empty\)$/m.test(text), 20_000, 'fresh');
  another(context, 'joined', '--session', name);
  await onScreen(context, 'the join', (text) => new RegExp(`^Joined session ${name} \\(8 notes so far\\)$`, 'm').test(text), 20_000, 'joined');
  line(context, ':score text', 'joined');
  await onScreen(context, "the first REPL's text", (text) => /^piano: c d e f\ng a b > c$/m.test(text), 20_000, 'joined');
});

test('the status line keeps to one line with many parts', async (context) => {
  line(context, 'piano: violin: viola: cello: contrabass: flute: oboe: clarinet: bassoon: trumpet: trombone: tuba: harp: piano:');
  const text = await onScreen(context, 'the parts on the status line', (text) => / \+\d+ more$/m.test(text));
  const status = text.split('\n').findIndex((l) => /^● connected · /.test(l));
  assert.match(text.split('\n')[status]!, /· piano, .* \+\d+ more$/);
  assert.ok(text.split('\n')[status]!.length < 100, 'within the width');
  assert.is(text.split('\n')[status + 1], '', 'nothing wrapped onto the next line');
});

test('Ctrl-L clears the screen and keeps the prompt', async (context) => {
  keys(context, '-l', 'c d');
  keys(context, 'C-l');
  const text = await onScreen(context, 'a clear screen', (text) => !text.includes(':score text'));
  assert.is(text.split('\n')[0], 'alda> c d');
  assert.match(text.split('\n')[1]!, /^● connected · /);
  keys(context, 'C-u');
});

test('Ctrl-C silences what plays; at an empty prompt with nothing playing, it leaves', async (context) => {
  const before = readRecording(context.record).length;
  // c lasts 8 s, so a busy machine has time to carry Ctrl-C to the performer before d is due.
  line(context, 'c1~1~1~1 d1 e1 f1');
  // The earlier lines played a 72 too: only a note-on recorded after this line counts.
  await waitFor('the long note', () => readRecording(context.record).slice(before).filter(isNoteOn).some((on) => on.data[1] === 72));
  keys(context, 'C-c');
  await waitFor('All Notes Off', () => readRecording(context.record).slice(before).some((r) => (r.data[0]! & 0xf0) === 0xb0 && r.data[1] === 123));
  await onScreen(context, 'Stopped', (text) => /^Stopped$/m.test(text));
  const ons = readRecording(context.record).slice(before).filter(isNoteOn);
  assert.equal(ons.map((on) => on.data[1]), [72], 'the rest of the line never played');
  keys(context, 'C-c');
  await onScreen(context, 'the REPL to exit', (text) => /^EXITED 0$/m.test(text));
});

if (hasTmux()) test.run();
else if (process.env.CI) throw new Error('The REPL terminal test needs tmux, and CI must have it: apt-get install tmux (.ci/run does)');
else console.log('skipped: the REPL terminal test (test/repl/terminal.test.ts) needs tmux: apt-get install tmux');
