import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { encode } from '../../src/protocol/messages.js';
import { RawClient, serverSuite, stopServer, testServer, waitFor, type ServerContext } from '../pipeline/harness.js';
import { FakePerformer } from '../security/fake-performer.js';

/** Requests that arrive at once, into one session, on a server with real performer processes. */
const test = serverSuite<ServerContext>('session races');


const notes = (count: number, from = 0) => JSON.stringify(Array.from({ length: count }, (_, i) => [60 + (i % 12), from + i * 5, 4]));

async function performersOf(client: RawClient, session: string, id: string): Promise<{ pid: number | null }[]> {
  const ps = await client.request({ v: 1, type: 'ps', id });
  return (ps.result as { performers: { pid: number | null; session: string | null }[] }).performers.filter((p) => p.session === session);
}

test('ten evaluations sent at once into a new session take one performer, which `close` gives back', async ({ client, dir }) => {
  const record = join(dir, 'ten.jsonl');
  const replies = await Promise.all(
    Array.from({ length: 10 }, (_, i) => client.request({ v: 1, type: 'eval', id: `ten:${i}`, session: 'ten', code: notes(2, i * 20), sink: { record } })),
  );
  for (const reply of replies) assert.is(reply.type, 'reply', JSON.stringify(reply));
  const pids = new Set(replies.map((reply) => (reply.result as { performer: number }).performer));
  assert.is(pids.size, 1, `one performer played every evaluation: ${[...pids].join(', ')}`);
  assert.is((await performersOf(client, 'ten', 'ten:ps')).length, 1);
  const closed = await client.request({ v: 1, type: 'close', id: 'ten:close', session: 'ten' });
  assert.equal(closed.result, { session: 'ten', closed: true });
  await waitFor('the performer of the closed session to be gone', async () => (await performersOf(client, 'ten', `ten:ps${Date.now()}`)).length === 0);
});

test('the text of evaluations sent at once follows their order, whatever each takes to send', async ({ client, dir }) => {
  const record = join(dir, 'order.jsonl');
  const long = notes(1000);
  const short = notes(1, 6000);
  const [first, second] = await Promise.all([
    client.request({ v: 1, type: 'eval', id: 'order:1', session: 'order', code: long, sink: { record } }),
    client.request({ v: 1, type: 'eval', id: 'order:2', session: 'order', code: short }),
  ]);
  assert.is(first!.type, 'reply', JSON.stringify(first));
  assert.is(second!.type, 'reply', JSON.stringify(second));
  const joined = await client.request({ v: 1, type: 'join', id: 'order:join', session: 'order' });
  assert.is((joined.result as { code: string }).code, `${long}\n${short}\n`);
  await client.request({ v: 1, type: 'close', id: 'order:close', session: 'order' });
});

test('an eval that comes while the first `live` is getting its performer ends live mode', async ({ client, dir }) => {
  const record = join(dir, 'live.jsonl');
  const [live, evaluated] = await Promise.all([
    client.request({ v: 1, type: 'live', id: 'live:1', session: 'loops', code: 'piano: c8 d e f', sink: { record } }),
    client.request({ v: 1, type: 'eval', id: 'live:2', session: 'loops', code: notes(1) }),
  ]);
  assert.is(live!.type, 'reply', JSON.stringify(live));
  assert.is(evaluated!.type, 'reply', JSON.stringify(evaluated));
  const status = await client.request({ v: 1, type: 'live-status', id: 'live:3', session: 'loops' });
  assert.is(status.code, 'ALDA_NOT_LIVE', JSON.stringify(status));
  await client.request({ v: 1, type: 'close', id: 'live:close', session: 'loops' });
});

test('an evaluation whose performer fails to open leaves the score and the text as they were', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false });
  const performer = await FakePerformer.attach(server, 'refuses');
  const client = await RawClient.open(server);
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'refuses' && w.state === 'spare'));
    assert.is((await client.request({ v: 1, type: 'eval', id: 'f:1', session: 'f', code: notes(1), play: false })).type, 'reply');
    const failing = client.request({ v: 1, type: 'eval', id: 'f:2', session: 'f', code: notes(2, 100) });
    const open = await performer.next('open');
    performer.socket.send(encode({ type: 'error', id: open.id, code: 'ALDA_NO_SUCH_PORT', message: 'No MIDI output matches "x"' }));
    assert.is((await failing).code, 'ALDA_NO_SUCH_PORT');
    const joined = await client.request({ v: 1, type: 'join', id: 'f:3', session: 'f' });
    assert.equal(joined.result, { session: 'f', events: 1, code: `${notes(1)}\n` });
  } finally {
    performer.close();
    client.close();
    await stopServer(server, dir);
  }
});

test('a performer that comes back on a new link gets again what it had not answered, and the evaluation plays', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false });
  const first = await FakePerformer.attach(server, 'comes-back');
  const client = await RawClient.open(server);
  let second: FakePerformer | undefined;
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'comes-back' && w.state === 'spare'));
    const evaluated = client.request({ v: 1, type: 'eval', id: 'back:1', session: 'back', code: notes(3) });
    first.reply(await first.next('open'), { session: 'back', sinks: [], notices: [] });
    const lost = await first.next('schedule');
    // It found the server silent (busy) and dropped the link before it read the batch.
    first.close();
    second = await FakePerformer.attach(server, 'comes-back', { session: 'back' });
    const again = await second.next('schedule');
    assert.is(again.id, lost.id, 'the same command, so that a performer that did see it answers from its kept reply');
    second.reply(again, { firstDue: 0, lastDue: 10, shift: 0, position: 0 });
    const reply = await evaluated;
    assert.is(reply.type, 'reply', JSON.stringify(reply));
  } finally {
    second?.close();
    client.close();
    await stopServer(server, dir);
  }
});

test('performer processes stay under the ceiling; a session past it gets one when another session ends', async () => {
  const { server, dir } = await testServer({ maxPerformers: 2, spares: 1 });
  const client = await RawClient.open(server);
  const play = (session: string) => client.request({ v: 1, type: 'eval', id: `cap:${session}`, session, code: notes(1), sink: { record: join(dir, `${session}.jsonl`) } }, 30_000);
  try {
    assert.is((await play('a')).type, 'reply');
    assert.is((await play('b')).type, 'reply');
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, server.pool.workers.length)), 20).unref();
    const third = play('c');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await client.request({ v: 1, type: 'close', id: 'cap:close', session: 'a' });
    const reply = await third;
    clearInterval(sampler);
    assert.is(reply.type, 'reply', JSON.stringify(reply));
    assert.ok(most <= 2, `at most 2 performers, saw ${most}`);
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
