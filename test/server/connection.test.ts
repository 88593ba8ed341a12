import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, ConnectionError, RequestError } from '../../src/client/client.js';
import type { AldaServer } from '../../src/server/server.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { stopServer, testServer } from '../pipeline/harness.js';

const test = suite<{ server: AldaServer; dir: string }>('connection');

test.before(async (context) => {
  Object.assign(context, await testServer());
});

test.after(async ({ server, dir }) => {
  if (server) await stopServer(server, dir);
});

const client = (dir: string, timeout: number, attempts: number) =>
  new Client(readServerState(dir)!, { stateDir: dir, start: false, timeout, attempts });

test('a request that times out is retried with the same id and answered once', async ({ dir }) => {
  const c = client(dir, 2500, 3);
  await c.request('eval', { session: 'slow', code: '[[60, 0, 60000]]' });
  // The server holds a `wait` for 2 s: the first attempt (1 s) times out, the retry gets the answer.
  const result = await c.request('wait', { session: 'slow' }, { timeout: 1000, attempts: 3 });
  assert.equal(result, { session: 'slow', done: false });
  await c.request('stop', { session: 'slow' });
  c.close();
});

test('after its attempts, a request fails with a clear error', async ({ dir }) => {
  const c = client(dir, 200, 2);
  await c.request('eval', { session: 'slower', code: '[[60, 0, 60000]]' });
  try {
    await c.request('wait', { session: 'slower' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConnectionError);
    assert.is((error as ConnectionError).code, 'ALDA_SERVER_TIMEOUT');
    assert.match((error as Error).message, /did not answer `wait` \(2 attempts of 0.2 s\)/);
  }
  await c.request('stop', { session: 'slower' });
  c.close();
});

test('an error reply becomes a RequestError with the server’s code', async ({ dir }) => {
  const c = client(dir, 2500, 3);
  try {
    await c.request('eval', { session: 'bad', code: 'nope', name: 'song.alda' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, RequestError);
    assert.is((error as RequestError).code, 'TEST_BAD_NOTES');
    assert.is((error as Error).message, 'song.alda:1:1 not a note list');
  }
  c.close();
});

test('clients that join a session hear of each other’s evaluations', async ({ dir }) => {
  const a = client(dir, 2500, 3);
  const b = client(dir, 2500, 3);
  await a.request('eval', { session: 'shared', code: '[[60, 0, 10]]' });
  await b.request('join', { session: 'shared' });
  const heard = new Promise((resolve) => b.once('update', resolve));
  await a.request('eval', { session: 'shared', code: '[[62, 10, 10]]' });
  assert.equal(await heard, { v: 1, type: 'update', session: 'shared', events: 1, code: '[[62, 10, 10]]' });
  a.close();
  b.close();
});

test.run();
