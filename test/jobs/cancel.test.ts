import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer } from '../../src/server/server.js';
import { ask } from '../broker/ask.js';
import { freshDir, RawClient, stopServer, waitFor } from '../pipeline/harness.js';
import { FakePerformer } from '../security/fake-performer.js';

interface Status {
  readonly state: string;
  readonly progress?: { done: number; total: number };
  readonly error?: { code: string; message: string; step: string };
}

/** 40 minutes of cello: a WAV render of minutes, far longer than any test waits. */
const LONG = 'cello: (tempo 60) o2 c1*600';

/** A server with one real exporter process and no compiler. */
async function serve(jobTimeBudget?: number) {
  const dir = freshDir('alda-live-cancel-');
  const services = { workers: { compiler: 0, exporter: 1 }, ...(jobTimeBudget === undefined ? {} : { jobTimeBudget }) };
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services, log: () => {} });
  const client = await RawClient.open(server);
  let n = 0;
  const call = async (message: Record<string, unknown>) => ask(client, { id: `c${++n}`, ...message });
  const submit = async (code: string, path: string) => ((await call({ type: 'job.submit', code, do: { kind: 'export', path, format: path.endsWith('.wav') ? 'wav' : 'midi' } })).result as { job: string }).job;
  const status = async (job: string) => (await call({ type: 'job.status', job })).result as Status;
  const ended = (job: string, timeout = 60_000) => waitFor(`job ${job} to end`, async () => {
    const now = await status(job);
    return now.state === 'complete' || now.state === 'failed' ? now : undefined;
  }, timeout);
  return { dir, server, client, call, submit, status, ended };
}

test('job cancel stops a running WAV export at once: failed, ALDA_JOB_CANCELLED, no file, and the exporter takes the next job', async () => {
  const { dir, server, client, call, submit, status, ended } = await serve();
  try {
    const path = join(dir, 'long.wav');
    const job = await submit(LONG, path);
    await waitFor('the render to be under way', async () => ((await status(job)).progress?.done ?? 0) > 0, 60_000);
    const cancelled = await call({ type: 'job.cancel', job });
    assert.is(cancelled.type, 'reply', JSON.stringify(cancelled));
    assert.equal((cancelled.result as Status).error, { code: 'ALDA_JOB_CANCELLED', message: `Job ${job} was cancelled`, step: 'exported' });
    assert.not.ok(existsSync(path));
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.part')), [], 'no staging file left');
    const next = await submit('piano: c d e', join(dir, 'next.mid'));
    assert.is((await ended(next, 30_000)).state, 'complete', 'the one exporter is free again');
    assert.is((await call({ type: 'job.cancel', job: next })).code, 'ALDA_JOB_DONE');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('a job that runs past its time budget is stopped: failed, ALDA_JOB_TIMEOUT', async () => {
  const { dir, server, client, submit, ended } = await serve(3000);
  try {
    const job = await submit(LONG, join(dir, 'long.wav'));
    const failed = await ended(job);
    assert.is(failed.state, 'failed');
    assert.is(failed.error?.code, 'ALDA_JOB_TIMEOUT');
    assert.match(failed.error!.message, /ran past its time budget \(3 s\) and was stopped/);
    assert.not.ok(existsSync(join(dir, 'long.wav')));
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('a pending job (no worker for its service) is cancelled too, and never runs', async () => {
  const dir = freshDir('alda-live-cancel-');
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false, expiry: 200 }, log: () => {} });
  const client = await RawClient.open(server);
  try {
    const submitted = await ask(client, { type: 'job.submit', id: 's', code: 'piano: c', do: { kind: 'export', path: join(dir, 'x.mid'), format: 'midi' } });
    const job = (submitted.result as { job: string }).job;
    const cancelled = await ask(client, { type: 'job.cancel', id: 'c', job });
    assert.is((cancelled.result as Status).state, 'failed');
    assert.is((cancelled.result as Status).error?.code, 'ALDA_JOB_CANCELLED');
    assert.is((await ask(client, { type: 'job.cancel', id: 'c2', job: 'nope' })).code, 'ALDA_NO_SUCH_JOB');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('job cancel silences a job that plays: its performer is told to stop, and the job fails ALDA_JOB_CANCELLED', async () => {
  const dir = freshDir('alda-live-cancel-');
  // The fake performer answers no heartbeat: a long interval keeps it alive while the compiler starts.
  const heartbeat = { interval: 60_000 };
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, heartbeat, services: { workers: { compiler: 1, exporter: 0 } }, log: () => {} });
  const performer = await FakePerformer.attach(server, 'fake-1');
  const client = await RawClient.open(server);
  try {
    const submitted = await ask(client, { type: 'job.submit', id: 's', code: 'piano: c1 d1 e1', do: { kind: 'play' } });
    const job = (submitted.result as { job: string }).job;
    performer.reply(await performer.next('open', 60_000), { session: `job-${job}`, sinks: [], notices: [] });
    performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 4000, shift: 0, position: 0 });
    performer.reply(await performer.next('position'), { position: 0, pending: 6, sounding: 0 });
    const cancelled = ask(client, { type: 'job.cancel', id: 'c', job });
    performer.reply(await performer.next('stop'), { position: 0 });
    const reply = await cancelled;
    assert.is((reply.result as Status).state, 'failed', JSON.stringify(reply));
    assert.equal((reply.result as Status).error, { code: 'ALDA_JOB_CANCELLED', message: `Job ${job} was cancelled`, step: 'played' });
  } finally {
    client.close();
    performer.close();
    await stopServer(server, dir);
  }
});

test.run();
