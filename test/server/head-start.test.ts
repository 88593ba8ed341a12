import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket, { WebSocketServer } from 'ws';
import { headStart } from '../../src/server/head-start.js';
import { PerformerPool } from '../../src/server/performer-pool.js';

test('what connects before the server is ready is held, and handed to it once it is', async () => {
  const head = await headStart({ host: '127.0.0.1', port: 0, fallback: false, spares: 0 });
  assert.ok(head);
  const port = (head.http.address() as AddressInfo).port;
  const early = new WebSocket(`ws://127.0.0.1:${port}`);
  const wss = new WebSocketServer({ noServer: true });
  try {
    await once(head.http, 'upgrade');
    // The server's own handlers come later (startServer attaches them), then the held request goes to them.
    head.http.on('upgrade', (request, socket, rest) => wss.handleUpgrade(request, socket, rest, (ws) => ws.send('welcome')));
    head.release();
    const [message] = (await once(early, 'message')) as [Buffer];
    assert.is(message.toString(), 'welcome');
  } finally {
    early.terminate();
    wss.close();
    head.abandon();
  }
});

test('a port that is taken: any free one with the fallback, none without (the server then says why it cannot listen)', async () => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = (taken.address() as AddressInfo).port;
  try {
    assert.is(await headStart({ host: '127.0.0.1', port, fallback: false, spares: 0 }), undefined);
    const head = await headStart({ host: '127.0.0.1', port, fallback: true, spares: 0 });
    assert.ok(head);
    assert.is.not((head.http.address() as AddressInfo).port, port);
    head.abandon();
  } finally {
    taken.close();
  }
});

test('a performer started before the pool is one of its spares: the pool starts no other, and hears of its exit', async () => {
  // A process that stands for a performer still starting up: it never connects.
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  let spawned = 0;
  const lines: string[] = [];
  const pool = new PerformerPool({
    spawn: () => {
      spawned++;
      throw new Error('no other performer should be started');
    },
    spares: 1,
    started: [{ id: 'early', child }],
    onIdle: () => {},
    onNotice: () => {},
    onLost: () => {},
    log: (line) => lines.push(line),
  });
  try {
    assert.equal(pool.workers.map((w) => [w.id, w.pid, w.state]), [['early', child.pid, 'starting']]);
    assert.is(spawned, 0);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(pool.workers, []);
    assert.match(lines.join('\n'), /Performer early .* exited \(SIGKILL\) before it was ready/);
  } finally {
    child.kill('SIGKILL');
    await pool.close();
  }
});

test.run();
