import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket, { WebSocketServer } from 'ws';
import { Client, ConnectionError } from '../../src/client/client.js';
import { freshDir } from '../pipeline/harness.js';

/**
 * How a Client's waits end, against a WebSocket peer that plays the server's part as each test
 * needs: one that drops the connection a request came on, then answers on the next. Each wait
 * ends by its own event: a request by its answer or its own connection's end, a retry's pause
 * by its time or the client's close.
 */
type Context = { peer: WebSocketServer; url: string; dir: string; connections: number; answer: (socket: WebSocket, message: { id: string }, connection: number) => void };
const test = suite<Context>('client waits');

test.before(async (context) => {
  context.dir = freshDir();
  context.peer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => context.peer.once('listening', resolve));
  context.url = `ws://127.0.0.1:${(context.peer.address() as AddressInfo).port}`;
  context.peer.on('connection', (socket) => {
    const connection = ++context.connections;
    socket.on('message', (data) => context.answer(socket, JSON.parse(data.toString()) as { id: string }, connection));
  });
});

test.before.each((context) => {
  context.connections = 0;
});

test.after(async ({ peer }) => {
  for (const socket of peer.clients) socket.terminate();
  await new Promise((resolve) => peer.close(resolve));
});

const client = ({ url, dir }: Context, attempts: number) =>
  new Client({ pid: process.pid, url, host: '127.0.0.1', port: 0, token: 'a-token-of-sixteen-chars', startedAt: '' }, { stateDir: dir, start: false, timeout: 5000, attempts });

const reply = (socket: WebSocket, id: string) => socket.send(JSON.stringify({ v: 1, type: 'reply', id, result: { pong: true, pid: 0 } }));

async function failure(request: Promise<unknown>): Promise<ConnectionError> {
  try {
    await request;
  } catch (error) {
    assert.instance(error, ConnectionError);
    return error as ConnectionError;
  }
  throw new Error('the request was answered');
}

test('close() during a retry’s pause ends the request at once: no connection is opened after it', async (context) => {
  context.answer = (socket) => socket.terminate();
  const c = client(context, 3);
  // The client hears of the lost connection, then fails the request's attempt and pauses before the next: close it in that pause.
  c.once('disconnect', () => setImmediate(() => c.close()));
  const error = await failure(c.request('ping'));
  assert.is(error.code, 'ALDA_DISCONNECTED');
  assert.is(context.connections, 1, 'a closed client connects no more');
});

test('a connection that closes fails only the requests sent on it, not one already sent again on the next', async (context) => {
  context.answer = (socket, { id }, connection) => (connection === 1 ? socket.terminate() : reply(socket, id));
  const c = client(context, 1);
  let again: Promise<unknown> | undefined;
  // The first listener to hear of the lost connection asks at once, on a new one.
  c.once('disconnect', () => (again = c.request('ping')));
  assert.is((await failure(c.request('ping'))).code, 'ALDA_DISCONNECTED');
  assert.equal(await again, { pong: true, pid: 0 });
  assert.is(context.connections, 2);
  c.close();
});

test.run();
