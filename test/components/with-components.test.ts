import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { freshDir, RawClient, waitFor } from '../pipeline/harness.js';
import { fixture } from '../support/fixtures.js';

test('alda-live server --with DIR starts the component its manifest describes, which joins as a performer, and ends it with the server', async () => {
  const dir = freshDir();
  const child = spawn(process.execPath, ['bin/alda-live.js', 'server', '--port', '0', '--spares', '0', '--with', fixture('performers')], {
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (data: Buffer) => (out += data.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const state = await waitFor('the state file', () => readServerState(dir), 30_000);
    const client = await RawClient.open(state);
    try {
      const performer = await waitFor('the toy performer in ps', async () => {
        const ps = await client.request({ v: 1, type: 'ps', id: `ps:${Date.now()}` });
        return (ps.result as { performers: { id: string; pid: number }[] }).performers.find((p) => p.id.startsWith('toy-'));
      }, 30_000);
      assert.match(out, 'with toy-performer (performer)');
      child.kill('SIGTERM');
      await exited;
      assert.throws(() => process.kill(performer.pid, 0), 'the component ended with the server');
    } finally {
      client.close();
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
