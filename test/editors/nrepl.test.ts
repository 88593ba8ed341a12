import { existsSync, readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '../../src/client/client.js';
import { INSTRUMENTS } from '../../src/engine/instruments.js';
import type { AldaServer } from '../../src/server/server.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { freshDir, stopServer, testServer } from '../pipeline/harness.js';
import { NreplClient } from './nrepl-client.js';

const test = suite<{ server: AldaServer; dir: string; cwd: string; nrepl: NreplClient }>('nrepl');

test.before(async (context) => {
  context.cwd = freshDir('alda-live-nrepl-');
  Object.assign(context, await testServer({ newScore: () => new EngineScore(), nrepl: { port: 0, portFileDir: context.cwd } }));
  context.nrepl = await NreplClient.open(context.server.nreplPort!);
});

test.after(async ({ server, dir, nrepl }) => {
  nrepl?.close();
  if (server) await stopServer(server, dir);
});

/** The operations Alda 2's doc/alda-repl-server-api.adoc documents, and nREPL's own that its server answers. */
const DOCUMENTED = ['eval-and-play', 'export', 'instruments', 'load', 'new-score', 'replay', 'score-ast', 'score-data', 'score-events', 'score-text', 'stop'];

test('the port is written to .alda-nrepl-port where the server was started', ({ server, cwd }) => {
  assert.is(readFileSync(join(cwd, '.alda-nrepl-port'), 'utf8'), String(server.nreplPort));
});

test('describe lists every operation, and a reply carries the request’s id and session', async ({ nrepl }) => {
  const reply = await nrepl.request({ op: 'describe', id: 'r1', session: 's1' });
  assert.is(reply.id, 'r1');
  assert.is(reply.session, 's1');
  assert.equal(reply.status, ['done']);
  const ops = Object.keys(reply.ops as object);
  for (const op of [...DOCUMENTED, 'clone', 'describe', 'eval']) assert.ok(ops.includes(op), op);
  assert.type((reply.versions as { alda: { 'version-string': string } }).alda['version-string'], 'string');
  assert.type((await nrepl.request({ op: 'clone' }))['new-session'], 'string');
});

test('eval-and-play builds the score line by line; score-text gives every input, each with a newline', async ({ nrepl }) => {
  assert.equal(await nrepl.request({ op: 'eval-and-play', code: 'harmonica: c8 d e f', id: 'a' }), { id: 'a', status: ['done'] });
  assert.equal(await nrepl.request({ op: 'eval-and-play', code: 'g f e d c2' }), { status: ['done'] });
  assert.equal(await nrepl.request({ op: 'score-text' }), { status: ['done'], text: 'harmonica: c8 d e f\ng f e d c2\n' });
  const data = JSON.parse((await nrepl.request({ op: 'score-data' })).data as string) as { events: { 'midi-note': number }[] };
  assert.equal(data.events.map((event) => event['midi-note']), [60, 62, 64, 65, 67, 65, 64, 62, 60]);
  const events = JSON.parse((await nrepl.request({ op: 'score-events' })).events as string) as unknown[];
  assert.ok(events.length > 0);
  assert.ok(Array.isArray(JSON.parse((await nrepl.request({ op: 'score-ast' })).ast as string)));
  assert.equal(await nrepl.request({ op: 'stop' }), { status: ['done'] });
});

test('a score that does not evaluate is an error with its problem, and changes nothing', async ({ nrepl }) => {
  const reply = await nrepl.request({ op: 'eval-and-play', code: 'c d (tempo! "fast")', id: 'bad' });
  assert.equal(reply.status, ['done', 'error']);
  assert.is(reply.id, 'bad');
  assert.match((reply.problems as string[])[0]!, /1:\d+/);
  assert.is((await nrepl.request({ op: 'score-text' })).text, 'harmonica: c8 d e f\ng f e d c2\n');
});

test('requests are validated as Alda validates them', async ({ nrepl }) => {
  assert.equal(await nrepl.request({ op: 'eval-and-play' }), { status: ['done', 'error'], problems: ['Request field missing: code'] });
  assert.equal(await nrepl.request({ op: 'load', code: 42 }), { status: ['done', 'error'], problems: ['Expected "code" to be of type `string`, but it was of type `integer`.'] });
  assert.equal(await nrepl.request({ op: 'levitate', id: 'x' }), { id: 'x', status: ['done', 'error', 'unknown-op'] });
  assert.equal(await nrepl.request({ code: 'c' }), { status: ['done', 'error'], problems: ['Request field missing: op'] });
});

test('export gives the score as MIDI file bytes', async ({ nrepl }) => {
  const reply = await nrepl.request({ op: 'export' });
  assert.equal(reply.status, ['done']);
  const bytes = reply['binary-data'] as Uint8Array;
  assert.instance(bytes, Uint8Array);
  assert.is(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'MThd');
  assert.ok(bytes.length > 60);
});

test('instruments lists every stock instrument', async ({ nrepl }) => {
  const reply = await nrepl.request({ op: 'instruments' });
  assert.equal(reply.instruments, INSTRUMENTS.map((instrument) => instrument.name));
});

test('load replaces the score without playing; new-score empties it', async ({ server, nrepl }) => {
  assert.equal(await nrepl.request({ op: 'load', code: 'piano: %verse c d e %chorus f g' }), { status: ['done'] });
  assert.is((await nrepl.request({ op: 'score-text' })).text, 'piano: %verse c d e %chorus f g\n');
  assert.is(await server.sessions.get('nrepl')!.playing(), false);
  // A load that fails leaves a new, empty score, as Alda's does.
  assert.equal((await nrepl.request({ op: 'load', code: 'piano: c d e (' })).status, ['done', 'error']);
  assert.is((await nrepl.request({ op: 'score-text' })).text, '');
  await nrepl.request({ op: 'load', code: 'piano: %verse c d e %chorus f g' });
  assert.equal(await nrepl.request({ op: 'replay', from: 'chorus' }), { status: ['done'] });
  assert.equal(await nrepl.request({ op: 'replay', from: 'verse', to: 'chorus' }), { status: ['done'] });
  const missing = await nrepl.request({ op: 'replay', from: 'bridge' });
  assert.equal(missing.status, ['done', 'error']);
  assert.match((missing.problems as string[])[0]!, /bridge/);
  assert.equal(await nrepl.request({ op: 'stop' }), { status: ['done'] });
  assert.equal(await nrepl.request({ op: 'new-score' }), { status: ['done'] });
  assert.is((await nrepl.request({ op: 'score-text' })).text, '');
});

test('a session evaluated over nREPL is the one a REPL joins', async ({ dir, nrepl }) => {
  await nrepl.request({ op: 'load', code: 'piano: c d' });
  const repl = await connect({ stateDir: dir, start: false });
  const joined = await repl.request('join', { session: 'nrepl' });
  assert.is(joined.code, 'piano: c d\n');
  const heard = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no update')), 5000);
    repl.once('update', (update) => {
      clearTimeout(timer);
      resolve(update);
    });
  });
  await nrepl.request({ op: 'eval-and-play', code: 'e f' });
  assert.equal(await heard, { v: 1, type: 'update', session: 'nrepl', events: 2, code: 'e f' });
  await nrepl.request({ op: 'stop' });
  repl.close();
});

test('a connection that does not open with a bencoded dictionary is closed at once, unanswered', async ({ server }) => {
  const received = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the connection stayed open')), 5000);
    const socket = connectTcp(server.nreplPort!, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
  assert.is(received, '');
});

test('a request split across packets is answered once whole', async ({ server }) => {
  const socket = connectTcp(server.nreplPort!, '127.0.0.1');
  const reply = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply')), 5000);
    socket.once('data', (chunk) => {
      clearTimeout(timer);
      resolve(chunk.toString());
    });
  });
  socket.write('d2:op4:no');
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.write('pe2:id1:qe');
  assert.is(await reply, 'd2:id1:q6:statusl4:done5:error10:unknown-opee');
  socket.destroy();
});

test('past the rate limit, a request gets a problem, in its turn', async () => {
  const { server, dir } = await testServer({ spawnPerformers: false, messageRate: 1, messageBurst: 2, nrepl: { port: 0 } });
  const nrepl = await NreplClient.open(server.nreplPort!);
  try {
    const replies = await Promise.all([1, 2, 3].map((n) => nrepl.request({ op: 'describe', id: String(n) })));
    assert.equal(replies.map((reply) => [reply.id, reply.status]), [['1', ['done']], ['2', ['done']], ['3', ['done', 'error']]]);
    assert.match((replies[2]!.problems as string[])[0]!, /Too many messages/);
  } finally {
    nrepl.close();
    await stopServer(server, dir);
  }
});

test('the port file goes when the server closes', async ({ server, dir, cwd, nrepl }) => {
  nrepl.close();
  await stopServer(server, dir);
  assert.not.ok(existsSync(join(cwd, '.alda-nrepl-port')));
});

test.run();
