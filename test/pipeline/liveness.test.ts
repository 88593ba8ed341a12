import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isNoteOff, isNoteOn, RawClient, readRecording, stopServer, testServer, waitFor } from './harness.js';

const entry = resolve(import.meta.dirname, '../../src/performer/entry.ts');

test('a performer that hangs goes silent, is found dead within 3 intervals and replaced', async () => {
  const { server, dir } = await testServer();
  const client = await RawClient.open(server);
  let pid: number | undefined;
  try {
    const reply = await client.request({ v: 1, type: 'eval', id: 'hung:1', session: 'hung', code: '[[60, 0, 60000]]' });
    pid = (reply.result as { performer: number }).performer;
    process.kill(pid, 'SIGSTOP');
    await waitFor('the hung performer to be declared dead', () => server.sessions.get('hung')?.worker === undefined, 10_000);
    await waitFor('its replacement', () => server.pool.workers.some((w) => w.state === 'spare' && w.socket && w.pid !== pid));
  } finally {
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // The server already killed it.
      }
    }
    client.close();
    await stopServer(server, dir);
  }
});

test('a performer that loses the server plays on what it has queued, and comes back', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false });
  const record = join(dir, 'lost.jsonl');
  let performer: ChildProcess | undefined;
  const client = await RawClient.open(server);
  try {
    performer = spawn(process.execPath, ['--import', 'tsx', entry, '--connect', server.url, '--worker', 'by-hand'], {
      env: { ...process.env, ALDA_LIVE_TOKEN: server.token },
      stdio: 'ignore',
    });
    await waitFor('the performer to say ready', () => server.pool.workers.some((w) => w.id === 'by-hand' && w.state === 'spare'));
    const score = '[[60, 0, 100], [62, 700, 100], [64, 1400, 100]]';
    await client.request({ v: 1, type: 'eval', id: 'lost:1', session: 'lost', code: score, sink: { record } });
    await waitFor('the first note', () => readRecording(record).some(isNoteOn));
    const worker = server.pool.workers.find((w) => w.id === 'by-hand')!;
    worker.socket!.terminate();
    await waitFor('every note, played without the server', () => readRecording(record).filter(isNoteOff).length === 3);
    assert.equal(readRecording(record).filter(isNoteOn).map((l) => l.data[1]), [60, 62, 64]);
    await waitFor('the performer to reconnect to its session', () => worker.socket !== undefined && worker.state === 'busy', 10_000);
  } finally {
    performer?.kill('SIGKILL');
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
