import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocketServer, type WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/envelope.js';
import { Performer } from '../../src/performer/performer.js';
import type { Sink } from '../../src/performer/sinks/sink.js';
import { WorkerLink } from '../../src/performer/worker-link.js';

/** A sink that only counts what it is given. */
class CountingSink implements Sink {
  readonly name = 'count';
  count = 0;
  send(): void {
    this.count++;
  }
  async close(): Promise<void> {}
}

/** A real server end of a performer's link: sends commands, and resolves each reply by id. */
type Send = (command: Record<string, unknown>, id?: string) => Promise<Record<string, unknown>>;

async function serverFor(run: (send: Send) => Promise<void>) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const sink = new CountingSink();
  const performer = new Performer({ lookahead: 20 });
  const link = new WorkerLink({
    locate: () => ({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, token: 't' }),
    workerId: 'performer-test',
    performer,
    openSinks: async () => ({ sinks: [sink], notices: [] }),
    onExit: () => {},
  });
  try {
    const [socket] = (await once(wss, 'connection')) as [WebSocket];
    const replies = new Map<string, (result: Record<string, unknown>) => void>();
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'reply') replies.get(message.id)?.(message.result);
    });
    let next = 0;
    const send: Send = (command, id = `c${next++}`) =>
      new Promise<Record<string, unknown>>((resolve) => {
        replies.set(id, resolve);
        socket.send(JSON.stringify({ v: PROTOCOL_VERSION, id, ...command }));
      });
    await run(send);
  } finally {
    await link.shutdown();
    wss.close();
  }
  return sink;
}

test('a command is answered while a dense stream plays: no gap in it is long enough, so it does not wait for one forever', async () => {
  await serverFor(async (send) => {
    await send({ type: 'open', session: 's', sink: {} });
    // A message every half millisecond for three seconds: never a 2 ms gap before the next.
    const messages = Array.from({ length: 6000 }, (_, i) => ({ t: i / 2, d: [0xb0, 7, i % 128], p: 'p' }));
    await send({ type: 'schedule', start: 0, messages });
    const answer = await send({ type: 'position' });
    assert.ok((answer.pending as number) > 0, `answered only once the stream had played out (${answer.pending} pending)`);
  });
});

test('a command sent again (the server lost us and came back) is answered from the kept reply, not run twice', async () => {
  await serverFor(async (send) => {
    await send({ type: 'open', session: 's', sink: {} });
    const messages = Array.from({ length: 10 }, (_, i) => ({ t: 60_000 + i, d: [0xb0, 7, i], p: 'p' }));
    const first = await send({ type: 'schedule', start: 0, messages }, 'again');
    const second = await send({ type: 'schedule', start: 0, messages }, 'again');
    assert.equal(second, first);
    assert.is((await send({ type: 'position' })).pending, 10);
  });
});

test('on loopback its frames go unmasked (a zero key): there is no proxy between it and the server to mask them from', async () => {
  const tcp = createServer();
  tcp.listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  const link = new WorkerLink({
    locate: () => ({ url: `ws://127.0.0.1:${(tcp.address() as AddressInfo).port}`, token: 't' }),
    workerId: 'performer-test',
    performer: new Performer({ lookahead: 20 }),
    openSinks: async () => ({ sinks: [], notices: [] }),
    onExit: () => {},
  });
  try {
    const [socket] = (await once(tcp, 'connection')) as [Socket];
    // The handshake answered by hand, then the bytes of the first frame (its `ready`) as they came.
    const frame = await new Promise<Buffer>((resolve) => {
      let received = Buffer.alloc(0);
      let upgraded = false;
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (!upgraded && end >= 0) {
          const key = /^sec-websocket-key: *(\S+)/im.exec(received.subarray(0, end).toString())![1]!;
          const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
          socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
          upgraded = true;
          received = received.subarray(end + 4);
        }
        if (upgraded && received.length >= 8) resolve(received);
      });
    });
    assert.is(frame[1]! & 0x80, 0x80, 'a client frame says it is masked');
    const keyAt = (frame[1]! & 0x7f) === 126 ? 4 : (frame[1]! & 0x7f) === 127 ? 10 : 2;
    assert.equal([...frame.subarray(keyAt, keyAt + 4)], [0, 0, 0, 0]);
    assert.match(frame.subarray(keyAt + 4).toString(), /^\{/);
    socket.destroy();
  } finally {
    await link.shutdown();
    tcp.close();
  }
});

test.run();
