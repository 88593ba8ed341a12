import { suite } from 'uvu';
import WebSocket from 'ws';
import * as assert from 'uvu/assert';
import { RemoteBindingError } from '../../src/server/limits/remote-binding.js';
import { startServer, type AldaServer, type ServerOptions } from '../../src/server/server.js';
import { freshDir, RawClient, stopServer, upgrade, waitFor } from '../pipeline/harness.js';
import { NoteListScore } from '../pipeline/note-list-score.js';
import { FakePerformer } from './fake-performer.js';
import { poll } from './poll.js';

const test = suite('connections and their limits');

/** Runs `body` against a server of its own with these options (no performer processes), then closes it. */
async function withServer(options: Partial<ServerOptions>, body: (server: AldaServer) => Promise<void>): Promise<void> {
  const dir = freshDir();
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new NoteListScore(), log: () => {}, spawnPerformers: false, ...options });
  try {
    await body(server);
  } finally {
    await stopServer(server, dir);
  }
}

const ping = (id: string) => ({ v: 1, type: 'ping', id });

test('a page-like client (foreign Origin, with the token) is refused; an allowed origin is let in', async () => {
  await withServer({ allowedOrigins: ['http://localhost:5173'] }, async (server) => {
    const bearer = { authorization: `Bearer ${server.token}` };
    assert.is(await upgrade(server.url, { ...bearer, origin: 'https://evil.example' }), 403);
    assert.is(await upgrade(server.url, { ...bearer, origin: 'http://localhost:5173.evil.example' }), 403);
    assert.is(await upgrade(server.url, { ...bearer, origin: 'null' }), 403);
    assert.is(await upgrade(server.url, { ...bearer, origin: 'http://localhost:5173' }), 101);
    assert.is(await upgrade(server.url, { origin: 'http://localhost:5173' }), 401, 'an allowed origin still needs the token');
  });
});

test('a page posting to the server over plain HTTP gets 426 and changes nothing', async () => {
  await withServer({}, async (server) => {
    const response = await fetch(server.url.replace('ws://', 'http://'), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ v: 1, type: 'shutdown', id: 'evil' }),
    });
    assert.is(response.status, 426);
    const client = await RawClient.open(server);
    assert.is((await client.request(ping('after'))).type, 'reply');
    client.close();
  });
});

test('a client without the token, or with one a byte off, is refused', async () => {
  await withServer({}, async (server) => {
    assert.is(await upgrade(server.url, {}), 401);
    assert.is(await upgrade(server.url, { authorization: `Bearer ${server.token}x` }), 401);
    assert.is(await upgrade(server.url, { authorization: `Bearer ${server.token.slice(0, -1)}` }), 401);
    assert.is(await upgrade(`${server.url}?token=`, {}), 401);
  });
});

test('maxPayload (1/2): a message of the limit passes, one byte more closes only that connection (1009)', async () => {
  await withServer({ maxPayload: 1024 }, async (server) => {
    const other = await RawClient.open(server);
    const big = await RawClient.open(server);
    const exact = JSON.stringify({ ...ping('p'), pad: '' });
    const fill = (bytes: number) => JSON.stringify({ ...ping('p'), pad: 'x'.repeat(bytes - exact.length) });
    assert.is(fill(1024).length, 1024);
    assert.is((await big.sendRaw(fill(1024))).type, 'reply');
    const closed = new Promise<number>((resolve) => big.socket.once('close', resolve));
    big.socket.send(fill(1025));
    assert.is(await closed, 1009);
    assert.equal((await other.request(ping('still'))).result, { pong: true, pid: process.pid });
    other.close();
  });
});

test('maxPayload (2/2): by default 16 MiB, one byte more closes the connection', async () => {
  await withServer({}, async (server) => {
    const big = await RawClient.open(server);
    const closed = new Promise<number>((resolve) => big.socket.once('close', resolve));
    big.socket.send(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20).toString());
    assert.is(await closed, 1009);
  });
});

test('maxConnections: one connection more gets 503, and a place frees when one closes', async () => {
  await withServer({ maxConnections: 2 }, async (server) => {
    const a = await RawClient.open(server);
    const b = await RawClient.open(server);
    assert.is(await upgrade(server.url, { authorization: `Bearer ${server.token}` }), 503);
    a.close();
    await waitFor('a free place', async () => (await upgrade(server.url, { authorization: `Bearer ${server.token}` })) === 101);
    b.close();
  });
});

test('maxWorkerConnections: performers and workers have an allowance of their own, which clients cannot use up', async () => {
  await withServer({ maxConnections: 2, maxWorkerConnections: 1 }, async (server) => {
    const bearer = { authorization: `Bearer ${server.token}` };
    const a = await RawClient.open(server);
    const b = await RawClient.open(server);
    assert.is(await upgrade(server.url, bearer), 503, 'the clients are at their limit');
    const held = new WebSocket(new URL('/performer', server.url), { headers: bearer });
    await new Promise((resolve, reject) => {
      held.once('open', resolve);
      held.once('error', reject);
    });
    assert.is(await upgrade(new URL('/worker', server.url).href, bearer), 503, 'one past their own allowance');
    held.terminate();
    await waitFor('a place for a worker', async () => (await upgrade(new URL('/worker', server.url).href, bearer)) === 101);
    a.close();
    b.close();
  });
});

test('messageRate/messageBurst: past the burst a message gets ALDA_RATE_LIMITED under its id; other connections carry on', async () => {
  await withServer({ messageRate: 1, messageBurst: 3 }, async (server) => {
    const flood = await RawClient.open(server);
    const other = await RawClient.open(server);
    const replies = await Promise.all([1, 2, 3, 4].map((n) => flood.request(ping(`f:${n}`))));
    assert.equal(replies.map((r) => r.type), ['reply', 'reply', 'reply', 'error']);
    assert.is(replies[3]!.code, 'ALDA_RATE_LIMITED');
    assert.is(replies[3]!.id, 'f:4');
    assert.is((await other.request(ping('o:1'))).type, 'reply');
    // The refusal was not stored: the same id, once the bucket refills, is answered afresh.
    await poll('a refilled bucket', async () => (await flood.request(ping('f:4'))).type === 'reply', 1000);
    flood.close();
    other.close();
  });
});

test('a connection that keeps flooding past a burst of refusals is closed (1008); the server carries on', async () => {
  await withServer({ messageRate: 1, messageBurst: 5 }, async (server) => {
    const flood = await RawClient.open(server);
    const closed = new Promise<number>((resolve) => flood.socket.once('close', resolve));
    for (let i = 0; i < 50; i++) flood.socket.send(JSON.stringify(ping(`f:${i}`)));
    assert.is(await closed, 1008);
    const other = await RawClient.open(server);
    assert.is((await other.request(ping('o:1'))).type, 'reply');
    other.close();
  });
});

test('maxQueuedRequests: one request more than the cap in progress is refused, and its slot frees on the reply', async () => {
  await withServer({ maxQueuedRequests: 1 }, async (server) => {
    const performer = await FakePerformer.attach(server, 'fake-1');
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'fake-1' && w.state === 'spare'));
    const client = await RawClient.open(server);
    const held = client.request({ v: 1, type: 'eval', id: 'e:1', session: 's', code: '[[60, 0, 100]]' });
    const open = await performer.next('open');
    const refused = await client.request(ping('p:1'));
    assert.is(refused.code, 'ALDA_TOO_MANY_REQUESTS');
    performer.reply(open, { session: 's', sinks: [], notices: [] });
    performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 100, shift: 0, position: 0 });
    assert.is((await held).type, 'reply');
    assert.is((await client.request(ping('p:1'))).type, 'reply', 'the refused id is answered afresh');
    client.close();
    performer.close();
  });
});

test('maxSessions: an eval that would open one session more is refused; the others carry on', async () => {
  await withServer({ maxSessions: 1 }, async (server) => {
    const client = await RawClient.open(server);
    const evaluate = (id: string, session: string) => client.request({ v: 1, type: 'eval', id, session, code: '[[60, 0, 100]]', play: false });
    assert.is((await evaluate('1', 'a')).type, 'reply');
    const refused = await evaluate('2', 'b');
    assert.is(refused.code, 'ALDA_TOO_MANY_SESSIONS');
    assert.equal(server.sessions.all.map((s) => s.name), ['a']);
    assert.is((await evaluate('3', 'a')).type, 'reply');
    client.close();
  });
});

test('maxSessionEvents: an eval into a full session is refused and changes nothing; a reset is let through', async () => {
  await withServer({ maxSessionEvents: 3 }, async (server) => {
    const client = await RawClient.open(server);
    const evaluate = (id: string, code: string, reset?: boolean) => client.request({ v: 1, type: 'eval', id, session: 's', code, play: false, reset });
    assert.is((await evaluate('1', '[[60, 0, 100], [62, 100, 100]]')).type, 'reply');
    assert.is((await evaluate('2', '[[64, 200, 100]]')).type, 'reply', 'below the limit before it');
    const full = await evaluate('3', '[[65, 300, 100]]');
    assert.is(full.code, 'ALDA_SESSION_FULL');
    const joined = await client.joined('s');
    assert.is(joined.events, 3);
    assert.is(joined.code.split('\n').filter(Boolean).length, 2, 'the refused code is not in the session text');
    assert.is((await evaluate('4', '[[60, 0, 100]]', true)).type, 'reply');
    assert.is((await client.joined('s')).events, 1);
    client.close();
  });
});

test('maxSessionText: evaluations of no events cannot grow a session without end; a reset is let through', async () => {
  await withServer({ maxSessionText: 100 }, async (server) => {
    const client = await RawClient.open(server);
    const evaluate = (id: string, code: string, reset?: boolean) => client.request({ v: 1, type: 'eval', id, session: 's', code, play: false, reset });
    // No events, 49 characters and a line end each.
    const empty = '[' + ' '.repeat(47) + ']';
    assert.is((await evaluate('1', empty)).type, 'reply');
    assert.is((await evaluate('2', empty)).type, 'reply', '100 characters: at the limit');
    const full = await evaluate('3', '[]');
    assert.is(full.code, 'ALDA_SESSION_FULL', JSON.stringify(full));
    assert.match(String(full.message), /would hold 103 characters of text, more than a session may hold \(100\)/);
    assert.is(server.sessions.get('s')!.text.length, 100, 'the refused code is not in the session text');
    assert.is((await evaluate('4', '[]', true)).type, 'reply');
    assert.is(server.sessions.get('s')!.text, '[]\n');
    client.close();
  });
});

test('join is answered afresh, never from the reply store: a repeat of its id gets the session as it is now', async () => {
  await withServer({}, async (server) => {
    const client = await RawClient.open(server);
    assert.is((await client.request({ v: 1, type: 'eval', id: 'c:1', session: 's', code: '[[60, 0, 100]]', play: false })).type, 'reply');
    const join = { v: 1, type: 'join', id: 'c:2', session: 's' };
    assert.equal((await client.request(join)).result, { session: 's', events: 1, code: '[[60, 0, 100]]\n' });
    assert.is((await client.request({ v: 1, type: 'eval', id: 'c:3', session: 's', code: '[[62, 100, 100]]', play: false })).type, 'reply');
    assert.equal((await client.request(join)).result, { session: 's', events: 2, code: '[[60, 0, 100]]\n[[62, 100, 100]]\n' });
    client.close();
  });
});

test('maxBufferedBytes: a member that stops reading is cut off; the session and its writer carry on', async () => {
  await withServer({ maxBufferedBytes: 64 * 1024 }, async (server) => {
    const writer = await RawClient.open(server);
    const lazy = await RawClient.open(server);
    assert.is((await writer.request({ v: 1, type: 'eval', id: 'w:0', session: 's', code: '[]', play: false })).type, 'reply');
    assert.is((await lazy.request({ v: 1, type: 'join', id: 'l:1', session: 's' })).type, 'reply');
    lazy.socket.pause();
    // Each eval sends the lazy member an update carrying the code: 1 MB that it never reads.
    const code = '[]' + ' '.repeat(1024 * 1024);
    for (let i = 1; server.sessions.get('s')!.members.size > 0; i++) {
      if (i > 200) assert.unreachable('the lazy member was never cut off');
      assert.is((await writer.request({ v: 1, type: 'eval', id: `w:${i}`, session: 's', code, play: false })).type, 'reply');
    }
    assert.is((await writer.request(ping('w:ping'))).type, 'reply');
    writer.close();
    lazy.socket.terminate();
  });
});

test('binding beyond loopback needs allowRemote, and then still the token', async () => {
  try {
    await startServer({ port: 0, newScore: () => new NoteListScore(), spawnPerformers: false, host: '0.0.0.0' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, RemoteBindingError);
    assert.is((error as RemoteBindingError).code, 'ALDA_REMOTE_NOT_ALLOWED');
  }
  await withServer({ host: '0.0.0.0', allowRemote: true }, async (server) => {
    const local = server.url.replace('0.0.0.0', '127.0.0.1');
    assert.is(await upgrade(local, {}), 401);
    assert.is(await upgrade(local, { authorization: `Bearer ${server.token}` }), 101);
  });
});

test.run();
