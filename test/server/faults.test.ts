import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '../../src/client/client.js';
import { readServerState, writeServerState } from '../../src/protocol/state-file.js';
import type { RequestResults } from '../../src/protocol/results.js';
import { freshDir, isNoteOff, isNoteOn, readRecording, waitFor, type Recorded } from '../pipeline/harness.js';
import { removeStateDir } from '../support/state-dir.js';

/** The real binary, as a user runs it: `npm test` builds dist/ first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

const test = suite<{ dir: string }>('faults');

function aldaLive(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function ps(dir: string): Promise<RequestResults['ps']> {
  const client = await connect({ stateDir: dir, start: false, timeout: 10_000 });
  try {
    return await client.request('ps', {});
  } finally {
    client.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A controller change on any channel: `[0xB0 | channel, controller, 0]`. */
const controls = (lines: Recorded[], controller: number) => new Set(lines.filter((l) => (l.data[0]! & 0xf0) === 0xb0 && l.data[1] === controller).map((l) => l.data[0]! & 0x0f));

test.before.each((context) => {
  context.dir = freshDir();
});

test.after.each(({ dir }) => removeStateDir(dir));

test('kill -9 of a performer mid-song: its notes are released on the same sink, and play --wait says where it died and exits 1', async ({ dir }) => {
  assert.is((await aldaLive(dir, 'ps')).code, 0, 'a server is up');
  const record = join(dir, 'died.jsonl');
  // Two parts of 16 s each: both are sounding when the performer dies.
  const child = spawn(process.execPath, [bin, 'play', '-c', 'piano: (tempo 60) c1 d1 e1 f1\nviolin: (tempo 60) e1 f1 g1 a1', '--record', record, '--wait'], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ALDA_LIVE_RECORD: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await waitFor('both parts sounding', () => readRecording(record).filter(isNoteOn).length >= 2, 30_000);
    const performer = (await ps(dir)).sessions.find((s) => s.name.startsWith('play-'))!.performer!;
    process.kill(performer, 'SIGKILL');
    const killedAt = readRecording(record).length;
    assert.is(await waitFor('play to exit', () => exited, 15_000), 1, stderr);
    assert.match(stderr, /The performer of session "play-[\w-]+" died at 0:0\d; 2 parts silenced/);
    const after = await waitFor('the sink to be silenced', () => {
      const lines = readRecording(record).slice(killedAt);
      return controls(lines, 123).size === 16 && lines;
    }, 15_000);
    const every = new Set(Array.from({ length: 16 }, (_, channel) => channel));
    assert.equal(controls(after, 120), every, 'All Sound Off on every channel');
    assert.equal(controls(after, 123), every, 'All Notes Off on every channel');
    assert.not.ok(after.some(isNoteOn), 'the rest of the song is not played');
  } finally {
    child.kill('SIGKILL');
  }
});

test('kill -9 of the server: its performer silences what it plays and exits after its liveness window', async ({ dir }) => {
  const record = join(dir, 'orphan.jsonl');
  // A minute of one note: without the server, nothing would ever stop it.
  const played = await aldaLive(dir, 'play', '-c', 'piano: (tempo 15) c1', '--record', record);
  assert.is(played.code, 0, played.stderr);
  await waitFor('the note', () => readRecording(record).some(isNoteOn), 30_000);
  const { server, sessions } = await ps(dir);
  const performer = sessions.find((s) => s.name.startsWith('play-'))!.performer!;
  // The first performer, started by the CLI beside the server: not its child, it learns of its end from its stdin.
  const cmdline = readFileSync(`/proc/${performer}/cmdline`, 'utf8');
  assert.ok(cmdline.includes('--server-stdin'), cmdline);
  const { token } = readServerState(dir)!;
  for (const what of ['cmdline', 'environ']) assert.not.ok(readFileSync(`/proc/${performer}/${what}`, 'latin1').includes(token), `no token in its ${what}`);
  process.kill(server.pid, 'SIGKILL');
  await waitFor('the orphaned performer to exit', () => !alive(performer), 15_000);
  const lines = readRecording(record);
  assert.ok(lines.some(isNoteOff), 'its note was released');
  assert.ok(controls(lines, 123).size > 0, 'All Notes Off on the channel it used');
});

test('a stale server.json whose pid is another process is not trusted: play starts a server', async ({ dir }) => {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
  // A pid that is alive, but no alda-live server's, and nothing listens on the port.
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    writeServerState(dir, { pid: other.pid!, url: `ws://127.0.0.1:${port}`, host: '127.0.0.1', port, token: 'x'.repeat(32), startedAt: new Date().toISOString() });
    const run = await aldaLive(dir, 'play', '-c', 'piano: c32', '--wait');
    assert.is(run.code, 0, run.stderr);
    const state = readServerState(dir);
    assert.ok(state && state.pid !== other.pid, 'a new server wrote its state');
    assert.match((await aldaLive(dir, 'ps')).stdout, new RegExp(`^server +pid ${state.pid} `));
  } finally {
    other.kill('SIGKILL');
  }
});

test('kill -9 of the spare started beside the server: the server hears it from its pipe and starts another', async ({ dir }) => {
  // `page` starts a server (not held: no score to check) and takes no performer.
  const page = await aldaLive(dir, 'page');
  assert.is(page.code, 0, page.stderr);
  const spare = await waitFor('the spare to be ready', async () => (await ps(dir)).performers.find((p) => p.state === 'spare')?.pid ?? undefined, 30_000);
  assert.ok(readFileSync(`/proc/${spare}/cmdline`, 'utf8').includes('--server-stdin'), 'the spare is the one the CLI started');
  process.kill(spare, 'SIGKILL');
  const next = await waitFor('another spare', async () => (await ps(dir)).performers.find((p) => p.state === 'spare' && p.pid !== spare)?.pid ?? undefined, 30_000);
  assert.ok(alive(next));
  assert.match(readFileSync(join(dir, 'server.log'), 'utf8'), /Performer performer-\w+ \(pid \d+\) exited \(its pipe closed\); replacing it/);
});

test('a stale server.json whose process is gone: play starts a server at once, held while it checks the score, as with none', async ({ dir }) => {
  const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((done) => dead.once('exit', done));
  writeServerState(dir, { pid: dead.pid!, url: 'ws://127.0.0.1:9', host: '127.0.0.1', port: 9, token: 'x'.repeat(32), startedAt: new Date().toISOString() });
  const run = await aldaLive(dir, 'play', '-c', 'piano: c32');
  assert.is(run.code, 0, run.stderr);
  const state = readServerState(dir);
  assert.ok(state && state.pid !== dead.pid, 'a new server wrote its state');
  assert.ok(readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0').includes('--after-go'), 'started before the score was checked');
});

test.run();
