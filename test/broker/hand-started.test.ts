import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer, type AldaServer } from '../../src/server/server.js';
import { freshDir, RawClient, waitFor } from '../pipeline/harness.js';
import { ask } from './ask.js';

/** The built worker (`npm test` builds dist/ first). */
const entry = resolve(import.meta.dirname, '../../dist/workers/entry.js');

test('a worker started by hand finds the server through the state file, and finds it again after a restart', async () => {
  const dir = freshDir('alda-live-hand-');
  const options = { port: 0, stateDir: dir, newScore: () => new EngineScore(), spawnPerformers: false, services: { spawnWorkers: false }, log: () => {} };
  let server: AldaServer | undefined;
  let worker: ChildProcess | undefined;
  try {
    server = await startServer(options);
    const { ALDA_LIVE_TOKEN: _token, ...env } = process.env;
    worker = spawn(process.execPath, [entry, '--service', 'compiler'], { env: { ...env, ALDA_LIVE_STATE_DIR: dir }, stdio: 'ignore' });
    const first = server;
    await waitFor('the worker to say ready', () => first.hub.broker.lookup('compiler').available, 30_000);
    await first.close();

    server = await startServer(options);
    const second = server;
    await waitFor('the worker to find the new server (new token, new port)', () => second.hub.broker.lookup('compiler').available, 30_000);
    const client = await RawClient.open(second);
    try {
      const reply = await ask(client, { type: 'request', id: 'h1', service: 'compiler', body: { code: 'piano: c d' } });
      assert.equal((reply.result as { view: { events: { midiNote: number }[] } }).view.events.map((e) => e.midiNote), [60, 62]);
    } finally {
      client.close();
    }
  } finally {
    worker?.kill('SIGKILL');
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
