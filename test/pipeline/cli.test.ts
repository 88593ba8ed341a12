import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { connect } from '../../src/client/client.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, isNoteOff, isNoteOn, readRecording, waitFor } from './harness.js';
import { fixture } from '../support/fixtures.js';
import { removeStateDir } from '../support/state-dir.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');
const helloWorld = fixture('corpus/alda-examples/hello_world.alda');

const test = suite<{ dir: string }>('cli');

/** Runs `alda-live ARGS` against the test's own state dir; killed (and failed) after `timeout` ms. */
function aldaLive(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return aldaLiveWithin(60_000, dir, ...args);
}

function aldaLiveWithin(timeout: number, dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' }, timeout },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test.before((context) => {
  context.dir = freshDir();
});

// Never leave a server behind, even when a test failed before `shutdown`.
test.after(({ dir }) => removeStateDir(dir));

test('play --wait starts a server and plays every note of the score at its time', async ({ dir }) => {
  const record = join(dir, 'hello.jsonl');
  const run = await aldaLive(dir, 'play', '-f', helloWorld, '--record', record, '--wait');
  assert.is(run.code, 0, run.stderr);
  assert.not.match(run.stderr, /ALSA lib/);
  const expected = compile(readFileSync(helloWorld, 'utf8')).view.events;
  const ons = readRecording(record).filter(isNoteOn);
  assert.equal(ons.map((l) => l.data[1]), expected.map((e) => e.midiNote));
  const start = ons[0]!.due - expected[0]!.offset;
  for (const [i, event] of expected.entries()) assert.ok(Math.abs(ons[i]!.due - start - event.offset) < 1e-3, `note ${i} at its time`);
  assert.ok(readServerState(dir), 'the server stays up for the next command');
});

test('play reports a score error as FILE:LINE:COL and exits 1', async ({ dir }) => {
  const run = await aldaLive(dir, 'play', '-c', 'piano: c d (tempo)');
  assert.is(run.code, 1);
  assert.match(run.stderr, /^<no file>:1:\d+ /);
});

test('ps lists the server and its performer', async ({ dir }) => {
  const run = await aldaLive(dir, 'ps');
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^server +pid \d+ +ws:\/\/127\.0\.0\.1:\d+/);
  assert.match(run.stdout, /\nperformer +pid \d+ +spare/);
});

test('stop answers even when nothing plays', async ({ dir }) => {
  const run = await aldaLive(dir, 'stop');
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stdout, 'Nothing was playing\n');
});

test('stop and ps tell a session that is playing from one that is idle', async ({ dir }) => {
  // A session that stays after it has played, as the REPL's and watch's do.
  const client = await connect({ stateDir: dir, start: false });
  try {
    await client.request('eval', { session: 'kept', code: 'piano: c32', sink: {} }, { timeout: 10_000 });
    while (!(await client.request('wait', { session: 'kept' })).done);
  } finally {
    client.close();
  }
  assert.match((await aldaLive(dir, 'ps')).stdout, /\nsession +kept +idle +1 events/);
  assert.is((await aldaLive(dir, 'stop')).stdout, 'Nothing was playing\n');

  const played = await aldaLive(dir, 'play', '-c', 'piano: (tempo 30) c1');
  assert.is(played.code, 0, played.stderr);
  const ps = await aldaLive(dir, 'ps');
  assert.match(ps.stdout, /\nsession +play-\w+ +playing +1 events/);
  assert.match(ps.stdout, /\nsession +kept +idle/);
  const stop = await aldaLive(dir, 'stop');
  assert.match(stop.stdout, /^Stopped play-\w+\n$/);
});

test('Ctrl-C on play --wait silences what it started: every note-on recorded has its note-off, at once', async ({ dir }) => {
  const record = join(dir, 'interrupted.jsonl');
  // Eight seconds of c, then d: neither should sound out its length.
  const child = spawn(process.execPath, [bin, 'play', '-c', 'piano: (tempo 30) c1 d1', '--record', record, '--wait'], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await waitFor('the first note', () => readRecording(record).some(isNoteOn), 30_000);
    child.kill('SIGINT');
    assert.is(await exited, 130);
    const lines = await waitFor('the note-off', () => {
      const lines = readRecording(record);
      return lines.some(isNoteOff) && lines;
    }, 3000);
    const ons = lines.filter(isNoteOn);
    assert.equal(ons.map((on) => on.data[1]), [60], 'd never started');
    const off = lines.find((line) => isNoteOff(line) && line.data[1] === 60);
    assert.ok(off && off.at - ons[0]!.at < 4000, 'c was cut short, not played out');
  } finally {
    child.kill('SIGKILL');
  }
});

test('ports lists the MIDI outputs without ALSA noise', async ({ dir }) => {
  const run = await aldaLive(dir, 'ports');
  assert.is(run.code, 0, run.stderr);
  assert.not.match(run.stderr, /ALSA/);
  assert.match(run.stdout, /No MIDI outputs found|\S/);
});

test('play -f of a 1 MB score plays: the command returns once it sounds, while the rest of it travels', async ({ dir }) => {
  const record = join(dir, 'big.jsonl');
  // Reading it takes the command and the server seconds each on a busy machine: not what is tested here.
  const run = await aldaLiveWithin(240_000, dir, 'play', '-f', fixture('bench/perf-1m.alda'), '--record', record);
  assert.is(run.code, 0, run.stderr || 'no answer within 4 minutes');
  await waitFor('its first notes', () => readRecording(record).some(isNoteOn), 30_000);
  // It lasts hours: silence it (and whatever of it is still on its way).
  const stopped = await aldaLive(dir, 'stop');
  assert.is(stopped.code, 0, stopped.stderr);
});

test('a huge evaluation holds up only its own session: a small eval in another, sent after it, is answered first', async ({ dir }) => {
  const client = await connect({ stateDir: dir, start: false });
  try {
    // A session that exists already, with a small score: the 1 MB one comes as a later evaluation.
    await client.request('eval', { session: 'huge', code: 'piano: c', play: false });
    const answered: string[] = [];
    const within = { attempts: 1, timeout: 240_000 };
    const huge = client.request('eval', { session: 'huge', code: readFileSync(fixture('bench/perf-1m.alda'), 'utf8'), play: false }, within).then(() => answered.push('huge'));
    const small = client.request('eval', { session: 'small', code: 'piano: c d e', play: false }, within).then(() => answered.push('small'));
    await Promise.all([huge, small]);
    assert.equal(answered, ['small', 'huge']);
  } finally {
    client.close();
  }
});

test('shutdown ends the server and its performers', async ({ dir }) => {
  const { pid } = readServerState(dir)!;
  const run = await aldaLive(dir, 'shutdown');
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stdout, `Server (pid ${pid}) has shut down\n`);
  assert.is(readServerState(dir), undefined);
  assert.is((await aldaLive(dir, 'ps')).stdout, 'No server is running\n');
});

test.run();
