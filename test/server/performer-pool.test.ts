import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket, { WebSocketServer } from 'ws';
import { PerformerPool } from '../../src/server/performer-pool.js';

/** A pool and one performer link over a real WebSocket; the test plays the performer's side. */
async function poolWithPerformer(requestTimeout: number) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const pool = new PerformerPool({ spawn: undefined, spares: 0, requestTimeout, onIdle: () => {}, onNotice: () => {}, onLost: () => {}, log: () => {} });
  const performer = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const [ours] = (await once(wss, 'connection')) as [WebSocket];
  await once(performer, 'open');
  const worker = pool.attach(ours, { v: 1, type: 'ready', service: 'performer', worker: 'p', pid: process.pid, session: null });
  ours.on('message', (data) => pool.receive(worker, JSON.parse(data.toString())));
  const close = async () => {
    performer.terminate();
    await pool.close();
    wss.close();
  };
  return { pool, worker, performer, close };
}

test('an answer that came while our loop was blocked past the timeout is read before the request is failed', async () => {
  const { pool, worker, performer, close } = await poolWithPerformer(200);
  try {
    performer.on('message', (data) => {
      const command = JSON.parse(data.toString());
      if (command.type !== 'position') return;
      performer.send(JSON.stringify({ v: 1, type: 'reply', id: command.id, result: { position: 7, pending: 0, sounding: 0 } }));
      // The server shares this process: block it for longer than the timeout, the answer already sent.
      const until = performance.now() + 400;
      while (performance.now() < until);
    });
    assert.equal(await pool.request(worker, { type: 'position' }), { position: 7, pending: 0, sounding: 0 });
  } finally {
    await close();
  }
});

test('a performer that does not answer fails the request after the timeout, naming the command', async () => {
  const { pool, worker, close } = await poolWithPerformer(100);
  try {
    await pool.request(worker, { type: 'position' }).then(
      () => assert.unreachable('answered'),
      (error: Error & { code?: string }) => {
        assert.is(error.code, 'ALDA_PERFORMER_TIMEOUT');
        assert.match(error.message, /did not answer `position` within 100 ms/);
      },
    );
  } finally {
    await close();
  }
});

test.run();
