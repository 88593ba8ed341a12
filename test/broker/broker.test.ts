import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ServiceWorker } from '../../src/server/broker/service.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import type { AldaServer } from '../../src/server/server.js';
import { ask } from './ask.js';
import { RawClient, stopServer, testServer, waitFor } from '../pipeline/harness.js';

/** A score that takes the compiler a good while (about a second), in few bytes. */
const HEAVY = 'piano: [c8 d e f g a b > c <]*2000';
const INTERVAL = 1000;

interface Context {
  server: AldaServer;
  dir: string;
  client: RawClient;
}

const test = suite<Context>('broker');

test.before(async (context) => {
  const { server, dir } = await testServer({
    newScore: () => new EngineScore(),
    spawnPerformers: false,
    heartbeat: { interval: INTERVAL },
    services: { workers: { compiler: 2, exporter: 0 } },
  });
  Object.assign(context, { server, dir, client: await RawClient.open(server) });
  // Whatever happens to the tests, no worker outlives this process.
  process.once('exit', () => {
    for (const pids of Object.values(server.hub.processes)) for (const pid of pids) kill(pid, 'SIGKILL');
  });
  // The workers start on first use: ask once, and wait for both.
  const first = await ask(context.client, { type: 'request', id: 'warm', service: 'compiler', body: { code: 'piano: c' }, expiry: 60_000 });
  assert.is(first.type, 'reply', JSON.stringify(first));
  await waitFor('two compiler workers', () => compilers(server).length === 2, 60_000);
});

test.after(async ({ server, dir, client }) => {
  client.close();
  await stopServer(server, dir);
});

test('a compile request gets its partial (parsed forms), then one reply with the built score', async ({ client }) => {
  const reply = await ask(client, { type: 'request', id: 'c1', service: 'compiler', body: { code: 'piano: c d e', name: 'three.alda' } });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  const result = reply.result as { step: string; view: { events: { midiNote: number }[] } };
  assert.is(result.step, 'built');
  assert.equal(result.view.events.map((e) => e.midiNote), [60, 62, 64]);
  const partials = client.received.filter((m) => m.id === 'c1' && m.type === 'partial');
  assert.is(partials.length, 1);
  assert.is((partials[0]!.body as { step: string }).step, 'parsed');
  assert.is(client.received.filter((m) => m.id === 'c1' && m.type !== 'partial').length, 1);
});

test('a score that does not compile is answered with the engine’s code and FILE:LINE:COL', async ({ client }) => {
  const reply = await ask(client, { type: 'request', id: 'c2', service: 'compiler', body: { code: 'piano: c d (tempo)', name: 'bad.alda' } });
  assert.is(reply.type, 'error');
  assert.is(reply.code, 'LISP_SIGNATURE_MISMATCH');
  assert.match(String(reply.message), /^bad\.alda:1:\d+ /);
});

test('requests go to the least recently used worker: two in a row land on two workers', async ({ server, client }) => {
  const before = new Map(compilers(server).map((w) => [w.id, w.served]));
  await Promise.all([1, 2].map((n) => ask(client, { type: 'request', id: `lru${n}`, service: 'compiler', body: { code: 'piano: c' } })));
  await ask(client, { type: 'request', id: 'lru3', service: 'compiler', body: { code: 'piano: d' } });
  await ask(client, { type: 'request', id: 'lru4', service: 'compiler', body: { code: 'piano: e' } });
  const served = compilers(server).map((w) => w.served - (before.get(w.id) ?? 0));
  assert.equal(served, [2, 2]);
});

test('mmi.service says which services have a worker', async ({ client }) => {
  const compiler = await ask(client, { type: 'mmi.service', id: 'm1', service: 'compiler' });
  assert.equal(compiler.result, { service: 'compiler', available: true, workers: 2, idle: 2, queued: 0 });
  const nobody = await ask(client, { type: 'mmi.service', id: 'm2', service: 'lute-tuner' });
  assert.is((nobody.result as { available: boolean }).available, false);
  const performer = await ask(client, { type: 'request', id: 'm3', service: 'performer', body: {} });
  assert.is(performer.code, 'ALDA_NOT_A_BROKER_SERVICE');
  const ps = (await ask(client, { type: 'ps', id: 'm4' })).result as { workers: { service: string; busy: boolean }[] };
  assert.equal(ps.workers.map((w) => [w.service, w.busy]), [['compiler', false], ['compiler', false]]);
});

test('a request for a service nobody offers expires with a clear error', async ({ client }) => {
  const reply = await ask(client, { type: 'request', id: 'x1', service: 'lute-tuner', body: {}, expiry: 300 });
  assert.is(reply.type, 'error');
  assert.is(reply.code, 'ALDA_SERVICE_EXPIRED');
  assert.is(reply.message, 'The request expired after 0.3 s in the queue: there is no worker of service "lute-tuner"');
});

test('a compiler worker killed mid-request: the request goes to the other, and the client gets one answer', async ({ server, client }) => {
  const answer = ask(client, { type: 'request', id: 'k1', service: 'compiler', body: { code: HEAVY } });
  const busy = await waitFor('a worker to take the request', () => compilers(server).find((w) => w.current !== undefined));
  kill(busy.pid, 'SIGKILL');
  const reply = await answer;
  assert.is(reply.type, 'reply', JSON.stringify(reply).slice(0, 300));
  assert.is((reply.result as { view: { events: unknown[] } }).view.events.length, 8 * 2000);
  assert.not.ok(compilers(server).some((w) => w.pid === busy.pid), 'the killed worker is gone');
  assert.is(client.received.filter((m) => m.id === 'k1' && m.type !== 'partial').length, 1);
  await waitFor('its replacement', () => compilers(server).length === 2, 60_000);
});

test('a worker that stops heartbeating is dropped within 3 intervals and its request requeued', async ({ server, client }) => {
  const answer = ask(client, { type: 'request', id: 'h1', service: 'compiler', body: { code: HEAVY } });
  const busy = await waitFor('a worker to take the request', () => compilers(server).find((w) => w.current !== undefined));
  kill(busy.pid, 'SIGSTOP');
  try {
    // The rule is 3 silent intervals; the check runs once an interval, and the worker's last heartbeat may be up to one old.
    await waitFor('the silent worker to be dropped', () => !compilers(server).includes(busy), 5 * INTERVAL);
    const reply = await answer;
    assert.is(reply.type, 'reply', JSON.stringify(reply).slice(0, 300));
    assert.is(client.received.filter((m) => m.id === 'h1' && m.type !== 'partial').length, 1);
  } finally {
    kill(busy.pid, 'SIGKILL');
  }
  await waitFor('its replacement', () => compilers(server).length === 2, 60_000);
});

test('a worker’s bad message is answered with an error; the worker and the broker carry on', async ({ server }) => {
  const worker = await RawClient.open(server);
  try {
    const refused = await worker.sendRaw(JSON.stringify({ v: 1, type: 'ready', service: 'BAD NAME', worker: 'w', pid: 1 }));
    assert.is(refused.code, 'ALDA_BAD_MESSAGE');
    worker.socket.send(JSON.stringify({ v: 1, type: 'ready', service: 'echo', worker: 'echo-1', pid: process.pid }));
    await waitFor('the echo worker', () => server.hub.broker.lookup('echo').available);
    const nonsense = await worker.sendRaw(JSON.stringify({ v: 1, type: 'final', body: {} }));
    assert.is(nonsense.code, 'ALDA_BAD_MESSAGE');
    assert.ok(server.hub.broker.lookup('echo').available);
  } finally {
    worker.close();
  }
  await waitFor('the echo worker to be gone', () => !server.hub.broker.lookup('echo').available);
});

test('a worker written from the docs alone (raw messages) serves its service: partial, then final', async ({ server, client }) => {
  const worker = await RawClient.open(server);
  try {
    worker.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id: string; body: Record<string, unknown> };
      if (message.type !== 'request') return;
      worker.socket.send(JSON.stringify({ v: 1, type: 'partial', id: message.id, body: { halfway: true } }));
      worker.socket.send(JSON.stringify({ v: 1, type: 'final', id: message.id, body: { echo: message.body } }));
    });
    worker.socket.send(JSON.stringify({ v: 1, type: 'ready', service: 'echo', worker: 'echo-2', pid: process.pid }));
    const reply = await ask(client, { type: 'request', id: 'e1', service: 'echo', body: { say: 'hi' }, expiry: 10_000 });
    assert.equal(reply.result, { echo: { say: 'hi' } });
    assert.equal(client.received.filter((m) => m.id === 'e1' && m.type === 'partial').map((m) => m.body), [{ halfway: true }]);
  } finally {
    worker.close();
  }
  await waitFor('the echo worker to be gone', () => !server.hub.broker.lookup('echo').available);
});

function compilers(server: AldaServer): ServiceWorker[] {
  return server.hub.broker.workers.filter((w) => w.service === 'compiler');
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

test.run();
