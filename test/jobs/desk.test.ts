import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobStore } from '../../src/server/jobs/job-store.js';
import { exportKey, stagingFile } from '../../src/files/staging-file.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { ask } from '../broker/ask.js';
import { startServer } from '../../src/server/server.js';
import { freshDir, RawClient, stopServer, waitFor } from '../pipeline/harness.js';

test('a server that finds a corrupt job reports it in status and list, runs it not, and forgets it on close', async () => {
  const dir = freshDir('alda-live-desk-');
  const store = JobStore.open(join(dir, 'jobs'));
  const { job } = await store.submit({ requestId: 'old:1', code: 'piano: c', name: '<no file>', do: { kind: 'play' } });
  const path = join(dir, 'jobs', job.id, 'request.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('piano: c', 'piano: d'));
  const lines: string[] = [];
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false }, log: (line) => lines.push(line) });
  const client = await RawClient.open(server);
  try {
    assert.match(lines.join('\n'), new RegExp(`job ${job.id} is corrupt: request\\.json: its body does not match its sha256`));
    const status = await ask(client, { type: 'job.status', id: 's1', job: job.id });
    assert.equal((status.result as { state: string; error: unknown }).error, { code: 'ALDA_JOB_CORRUPT', message: 'request.json: its body does not match its sha256' });
    const result = await ask(client, { type: 'job.result', id: 'r1', job: job.id });
    assert.is(result.code, 'ALDA_JOB_CORRUPT');
    const list = await ask(client, { type: 'job.list', id: 'l1' });
    assert.equal((list.result as { jobs: { state: string }[] }).jobs.map((j) => j.state), ['corrupt']);
    assert.is((await ask(client, { type: 'job.close', id: 'c1', job: job.id })).type, 'reply');
    assert.equal((await ask(client, { type: 'job.list', id: 'l2' })).result, { jobs: [] });
    const bad = await ask(client, { type: 'job.submit', id: 'b1', code: 'piano: c', do: { kind: 'export', path: 'relative.mid', format: 'midi' } });
    assert.is(bad.code, 'ALDA_BAD_MESSAGE');
    await waitFor('the server to answer a ping still', async () => (await ask(client, { type: 'ping', id: 'p1' })).type === 'reply');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('a job waits, saying why, while its service has no worker, and completes once workers (any, written from the docs) come', async () => {
  const dir = freshDir('alda-live-desk-');
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false, expiry: 200 }, log: () => {} });
  const client = await RawClient.open(server);
  const workers: RawClient[] = [];
  try {
    const path = join(dir, 'out.mid');
    const submitted = await ask(client, { type: 'job.submit', id: 'w1', code: 'piano: c', do: { kind: 'export', path, format: 'midi' } });
    const job = (submitted.result as { job: string }).job;
    const waiting = await waitFor('the job to say why it waits', async () => {
      const status = (await ask(client, { type: 'job.status', id: `w-${Math.random()}`, job })).result as { state: string; waiting?: string };
      return status.waiting ? status : undefined;
    });
    assert.is(waiting.state, 'pending');
    assert.match(waiting.waiting!, /there is no worker of service "exporter"/);
    const serve = async (service: string, answer: (body: Record<string, unknown>) => Record<string, unknown>[]) => {
      const worker = await RawClient.open(server);
      workers.push(worker);
      worker.socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; id: string; body: Record<string, unknown> };
        if (message.type !== 'request') return;
        for (const reply of answer(message.body)) worker.socket.send(JSON.stringify({ v: 1, id: message.id, ...reply }));
      });
      worker.socket.send(JSON.stringify({ v: 1, type: 'ready', service, worker: `${service}-raw`, pid: process.pid }));
    };
    await serve('exporter', (body) => [
      { type: 'partial', body: { step: 'built', notes: 1, end: 500 } },
      { type: 'final', body: { path: body.path, bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
    ]);
    const done = await waitFor('the job to complete', async () => {
      const status = (await ask(client, { type: 'job.status', id: `d-${Math.random()}`, job })).result as { state: string; steps: Record<string, string> };
      return status.state === 'complete' ? status : undefined;
    });
    assert.equal(Object.keys(done.steps), ['built', 'exported']);
    const result = await ask(client, { type: 'job.result', id: 'r', job });
    assert.equal((result.result as { result: unknown }).result, { path, bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
  } finally {
    for (const worker of workers) worker.close();
    client.close();
    await stopServer(server, dir);
  }
});

test('closing an export job removes the staging file a crash may have left beside its destination', async () => {
  const dir = freshDir('alda-live-desk-');
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false }, log: () => {} });
  const client = await RawClient.open(server);
  const worker = await RawClient.open(server);
  try {
    worker.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id: string };
      if (message.type === 'request') worker.socket.send(JSON.stringify({ v: 1, type: 'error', id: message.id, code: 'LISP_SOMETHING', message: 'no' }));
    });
    worker.socket.send(JSON.stringify({ v: 1, type: 'ready', service: 'exporter', worker: 'exporter-raw', pid: process.pid }));
    const path = join(dir, 'song.mid');
    const submitted = await ask(client, { type: 'job.submit', id: 's', code: 'piano: c', do: { kind: 'export', path, format: 'midi' } });
    const job = (submitted.result as { job: string }).job;
    await waitFor('the job to fail', async () => ((await ask(client, { type: 'job.status', id: `f-${Math.random()}`, job })).result as { state: string }).state === 'failed');
    const staged = stagingFile(path, exportKey(job));
    writeFileSync(staged, 'half a file');
    assert.is((await ask(client, { type: 'job.close', id: 'c', job })).type, 'reply');
    assert.not.ok(existsSync(staged));
  } finally {
    worker.close();
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
