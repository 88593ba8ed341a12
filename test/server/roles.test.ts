import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { encode } from '../../src/protocol/messages.js';
import { stopServer, testServer, waitFor, within } from '../pipeline/harness.js';

const test = suite('roles at upgrade');

test('a connection is what its path says: a performer on /performer, which is no client', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false });
  const socket = new WebSocket(`${server.url}/performer`, { headers: { authorization: `Bearer ${server.token}` } });
  try {
    await within(5000, 'the connection', (resolve) => socket.once('open', () => resolve(undefined)));
    const answer = within<Record<string, unknown>>(5000, 'an answer', (resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
    socket.send(encode({ type: 'ps', id: 'r:1' }));
    assert.is((await answer).code, 'ALDA_BAD_MESSAGE', 'a client request on a performer connection is refused');
    socket.send(encode({ type: 'ready', service: 'performer', worker: 'by-path', pid: process.pid, session: null }));
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'by-path' && w.state === 'spare'));
  } finally {
    socket.terminate();
    await stopServer(server, dir);
  }
});

test.run();
