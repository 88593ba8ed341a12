import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '../../src/client/client.js';
import type { AnyRequestType } from '../../src/protocol/results.js';
import { freshDir, isNoteOn, readRecording, waitFor } from '../pipeline/harness.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './server-process.js';
import { fixture } from '../support/fixtures.js';

const debussy = fixture('corpus/alda-examples/debussy_quartet.alda');

interface Status {
  job: string;
  state: string;
  step: string | null;
  steps: Record<string, string>;
  error?: { code: string; message: string };
}

/** The job requests are the service hub's, outside protocol.ts's union of request types. */
const ask = <T extends AnyRequestType>(client: Client, type: T, payload: Record<string, unknown>) => client.request(type, payload);
const status = async (client: Client, job: string) => (await ask(client, 'job.status', { job })) as unknown as Status;

test('kill -9 of the server in the middle of a multi-step job: restarted, it resumes at the last step and writes the file once', async () => {
  const dir = freshDir('alda-live-crash-');
  const out = join(dir, 'out');
  mkdirSync(out);
  const path = join(out, 'd.wav');
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '1', ALDA_LIVE_EXPORTERS: '1' });
    const { job } = (await ask(server.client, 'job.submit', { code: readFileSync(debussy, 'utf8'), name: debussy, do: { kind: 'export', path, format: 'wav' } })) as { job: string };
    const first = server.client;
    const before = await waitFor('the score to be built', async () => {
      const now = await status(first, job);
      return now.steps.built !== undefined ? now : undefined;
    }, 60_000);
    assert.equal(Object.keys(before.steps), ['built']);
    // The render of 26 s of audio takes seconds: the server dies in the middle of it.
    await server.crash();
    assert.equal(readdirSync(out).filter((name) => name === 'd.wav'), [], 'killed before the file was in place');

    server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '1', ALDA_LIVE_EXPORTERS: '1' });
    const second = server.client;
    const after = await waitFor('the job to complete', async () => {
      const now = await status(second, job);
      return now.state === 'complete' || now.state === 'failed' ? now : undefined;
    }, 90_000);
    assert.is(after.state, 'complete', JSON.stringify(after));
    assert.is(after.steps.built, before.steps.built, 'built stored once');
    const { result } = (await ask(second, 'job.result', { job })) as { result: { path: string; bytes: number; sha256: string } };
    const bytes = readFileSync(path);
    assert.is(result.path, path);
    assert.is(result.bytes, bytes.length);
    assert.is(result.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(readdirSync(out), ['d.wav'], 'one file, no staging files left');
  } finally {
    await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 of the server during a play job: restarted, it completes the job without playing it again', async () => {
  const dir = freshDir('alda-live-play-crash-');
  const record = join(dir, 'play.jsonl');
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '1', ALDA_LIVE_EXPORTERS: '0' });
    const score = `piano: (tempo 240) ${'c8 d e f g a b > c < '.repeat(8)}`;
    const { job } = (await ask(server.client, 'job.submit', { code: score, do: { kind: 'play', sink: { record } } })) as { job: string };
    await waitFor('the first notes', () => readRecording(record).filter(isNoteOn).length >= 2, 60_000);
    const before = await status(server.client, job);
    assert.is(before.state, 'running');
    assert.ok(before.steps.playing, 'playing is stored before the notes go out');
    await server.crash();
    const heard = readRecording(record).filter(isNoteOn).length;
    assert.ok(heard < 64, 'the play was cut short');

    server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '1', ALDA_LIVE_EXPORTERS: '0' });
    const second = server.client;
    const after = await waitFor('the job to complete', async () => {
      const now = await status(second, job);
      return now.state === 'complete' || now.state === 'failed' ? now : undefined;
    }, 60_000);
    assert.is(after.state, 'complete', JSON.stringify(after));
    const { result } = (await ask(second, 'job.result', { job })) as { result: { interrupted?: boolean } };
    assert.is(result.interrupted, true);
    assert.is(readRecording(record).filter(isNoteOn).length, heard, 'no note was played again');
  } finally {
    await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('1000 jobs in the queue survive two kill -9 restarts; none is lost', async () => {
  const dir = freshDir('alda-live-thousand-');
  const out = join(dir, 'out');
  let server: ServerProcess | undefined;
  try {
    // No compiler at first: the jobs wait in the store.
    server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '0', ALDA_LIVE_EXPORTERS: '0' });
    const client = server.client;
    // As fast as one connection may send: 32 in flight at most, and under 200 messages a second.
    const ids: string[] = [];
    for (let batch = 0; batch < 1000; batch += 32) {
      const pace = new Promise((resolve) => setTimeout(resolve, 170));
      const numbers = Array.from({ length: Math.min(32, 1000 - batch) }, (_, i) => batch + i);
      const replies = await Promise.all(
        numbers.map((n) => ask(client, 'job.submit', { code: `piano: o4 c${(n % 8) + 1} d e`, do: { kind: 'export', path: join(out, `${n}.mid`), format: 'midi' } })),
      );
      ids.push(...replies.map((reply) => reply.job as string));
      await pace;
    }
    assert.is(new Set(ids).size, 1000);
    await server.crash();

    for (const restart of [1, 2]) {
      server = await startServerProcess(dir, { ALDA_LIVE_COMPILERS: '0', ALDA_LIVE_EXPORTERS: '0' });
      const listed = (await ask(server.client, 'job.list', {})).jobs as Status[];
      assert.equal(listed.map((j) => j.job).sort(), [...ids].sort(), `every job after restart ${restart}`);
      assert.equal(listed.filter((j) => j.state !== 'pending' && j.state !== 'running'), [], `nothing failed or corrupt after restart ${restart}`);
      await server.crash();
    }
  } finally {
    await stopServerProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
