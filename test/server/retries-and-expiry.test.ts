import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, stopServer, testServer, waitFor } from '../pipeline/harness.js';

const test = suite('retries and session expiry');

const eval1 = { v: 1, type: 'eval', session: 'once', code: '[[60, 0, 100]]', play: false };

async function sizeOf(client: RawClient, session: string, id: string): Promise<number | undefined> {
  const ps = await client.request({ v: 1, type: 'ps', id });
  return (ps.result as { sessions: { name: string; events: number }[] }).sessions.find((s) => s.name === session)?.events;
}

test('a retried id is answered once, however many pings came between; a repeated id with another body is refused', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false, messageRate: 1_000_000, messageBurst: 1_000_000, maxQueuedRequests: 1000 });
  const client = await RawClient.open(server);
  try {
    const first = await client.request({ ...eval1, id: 'c:1' });
    assert.is(first.type, 'reply', JSON.stringify(first));
    for (let sent = 0; sent < 10_001; sent += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => client.request({ v: 1, type: 'ping', id: `c:${sent + i + 2}` })));
    }
    const again = await client.request({ ...eval1, id: 'c:1' });
    assert.equal(again, first, 'the stored reply');
    assert.is(await sizeOf(client, 'once', 'c:ps1'), 1, 'evaluated once');

    const other = await client.request({ ...eval1, code: '[[62, 0, 100]]', id: 'c:1' });
    assert.is(other.type, 'error', JSON.stringify(other));
    assert.is(other.code, 'ALDA_REPEATED_ID');
    assert.is(await sizeOf(client, 'once', 'c:ps2'), 1, 'nothing evaluated');

    // Another client's id of the same number is its own request.
    const theirs = await client.request({ ...eval1, code: '[[64, 0, 100]]', id: 'd:1' });
    assert.is(theirs.type, 'reply', JSON.stringify(theirs));
    assert.is(await sizeOf(client, 'once', 'c:ps3'), 2);
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('replies are kept for the reply window, then forgotten', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false, replyWindow: 200 });
  const client = await RawClient.open(server);
  try {
    await client.request({ ...eval1, id: 'w:1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await client.request({ ...eval1, id: 'w:1' });
    assert.is(again.type, 'reply');
    assert.is(await sizeOf(client, 'once', 'w:ps'), 2, 'past its window, a repeat is a new request');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('sessions end: `close` frees a name, idle ones are reclaimed, joined ones stay; the session limit counts live ones', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false, maxSessions: 2, sessionIdleTimeout: 300 });
  const client = await RawClient.open(server);
  const evalInto = (session: string, id: string) => client.request({ v: 1, type: 'eval', id, session, code: '[[60, 0, 100]]', play: false });
  try {
    assert.is((await evalInto('a', 's:1')).type, 'reply');
    assert.is((await evalInto('b', 's:2')).type, 'reply');
    assert.is((await evalInto('c', 's:3')).code, 'ALDA_TOO_MANY_SESSIONS');
    assert.equal((await client.request({ v: 1, type: 'close', id: 's:4', session: 'a' })).result, { session: 'a', closed: true });
    assert.is((await evalInto('c', 's:5')).type, 'reply');
    assert.is((await client.request({ v: 1, type: 'close', id: 's:6', session: 'a' })).code, 'ALDA_NO_SUCH_SESSION');

    const member = await RawClient.open(server);
    assert.is((await member.request({ v: 1, type: 'join', id: 'm:1', session: 'c' })).type, 'reply');
    await waitFor('the idle session b to be reclaimed', () => server.sessions.get('b') === undefined, 5000);
    assert.ok(server.sessions.get('c'), 'a joined session stays');
    assert.is((await evalInto('d', 's:7')).type, 'reply', 'the limit counts live sessions only');
    member.close();
    await waitFor('the session its member left to be reclaimed', () => server.sessions.get('c') === undefined, 5000);
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test('a one-shot session ends when its evaluation fails: failed plays never fill the session limit', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false, maxSessions: 1 });
  const client = await RawClient.open(server);
  const oneShot = (session: string, id: string, code: string) => client.request({ v: 1, type: 'eval', id, session, code, oneShot: true, play: false });
  try {
    assert.is((await oneShot('p1', 'o:1', 'not notes')).type, 'error');
    assert.is(server.sessions.get('p1'), undefined, 'the failed one is gone');
    assert.is((await oneShot('p2', 'o:2', '[[60, 0, 100]]')).type, 'reply', 'the failed one holds no place');
    assert.is(server.sessions.get('p2'), undefined, 'one with nothing to play is done at once');
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
