import { spawn, spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, upgrade, waitFor } from '../pipeline/harness.js';

const test = suite('alda-live server: binding and origins');

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
