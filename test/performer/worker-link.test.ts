import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
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

test.run();
