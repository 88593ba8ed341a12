import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { ask } from '../broker/ask.js';
import { RawClient, readRecording, stopServer, testServer, waitFor } from '../pipeline/harness.js';

test('`stop` reaches a job that plays: it is silenced, and the job completes', async () => {
  const { server, dir } = await testServer({ newScore: () => new EngineScore(), services: { workers: { compiler: 1, exporter: 0 } } });
  const client = await RawClient.open(server);
  try {
    const record = join(dir, 'job.jsonl');
    // Twenty whole notes at 120 bpm: 40 s of music.
    const submitted = await ask(client, { type: 'job.submit', id: 'j:1', code: `piano: ${'c1 '.repeat(20)}`, do: { kind: 'play', sink: { record } } });
    const job = (submitted.result as { job: string }).job;
    await waitFor('the job to be heard', () => readRecording(record).length > 0, 30_000);
    const stopped = await ask(client, { type: 'stop', id: 'j:2' });
    assert.ok((stopped.result as { stopped: string[] }).stopped.includes(`job-${job}`), JSON.stringify(stopped));
    await waitFor('the job to complete', async () => ((await ask(client, { type: 'job.status', id: `j:s${Date.now()}`, job })).result as { state: string }).state === 'complete', 10_000);
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
