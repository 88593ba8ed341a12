import { spawn, spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { readServerState } from '../../src/server/state-file.js';
import { freshDir, waitFor } from '../pipeline/harness.js';

const test = suite('alda-live server: binding and origins');

function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', () => {});
  });
}

test('--host beyond loopback without --allow-remote: refused, exit status 1', () => {
  const dir = freshDir();
  const run = spawnSync(process.execPath, ['bin/alda-live.js', 'server', '--host', '0.0.0.0', '--port', '0'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
  });
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stderr, /Refusing to listen on 0\.0\.0\.0.*--allow-remote/);
  assert.is(readServerState(dir), undefined, 'no server, no state file');
});

test('--allow-origin lets that origin in, and no other', async () => {
  const dir = freshDir();
  const child = spawn(process.execPath, ['bin/alda-live.js', 'server', '--port', '0', '--spares', '0', '--allow-origin', 'http://localhost:5173'], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const state = await waitFor('the state file', () => readServerState(dir), 30_000);
    const bearer = { authorization: `Bearer ${state.token}` };
    assert.is(await upgrade(state.url, { ...bearer, origin: 'http://localhost:5173' }), 101);
    assert.is(await upgrade(state.url, { ...bearer, origin: 'https://evil.example' }), 403);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

test.run();
