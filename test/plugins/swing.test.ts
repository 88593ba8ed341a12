import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { readServerState } from '../../src/protocol/state-file.js';
import { join, resolve } from 'node:path';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { interpret } from '../../src/repl/commands/interpret.js';
import { transformAnswerSchema, validate } from '../../src/protocol/messages.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { freshDir, isNoteOn, RawClient, readRecording, serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { conformance } from '../support/kit.js';
import { attachPerformer, pathFor, PLUGINS, pythonFor, startPython, type PythonProcess } from '../support/python.js';
import { collecting, printed, replSession } from '../repl/session-harness.js';

/**
 * plugins/swing as a user runs it: a worker of broker service `swing` started by hand against a
 * real server, asked directly and through an eval's `transform` chain, played by a real performer
 * (plugins/python-performer, which stays attached from one session to the next).
 */
interface Context extends ServerContext {
  swing: PythonProcess;
  performer: PythonProcess;
  seq: number;
}

const python = pythonFor('plugins/swing (test/plugins/swing.test.ts)', ['websockets'], 'python3-websockets');

const test = serverSuite<Context>('swing transformer', { newScore: () => new EngineScore(), spawnPerformers: false });

test.before(async (context) => {
  context.seq = 0;
  context.swing = startPython(python!, [join(PLUGINS, 'swing/swing.py'), '--worker', 'swing-1'], { ALDA_LIVE_STATE_DIR: context.dir });
  context.performer = await attachPerformer(python!, 'python-performer/performer.py', context.server, context.dir, 'py-swing');
  await waitFor(`the swing worker (it says: ${context.swing.lines.join(' | ')})`, async () => {
    const found = await context.client.request({ v: 1, type: 'mmi.service', id: `sw:${++context.seq}`, service: 'swing' });
    return (found.result as { workers: number }).workers === 1;
  }, 30_000);
});

test.after(async ({ swing, performer }) => {
  await Promise.all([swing?.stop(), performer?.stop()]);
});

const ask = (context: Context, message: Record<string, unknown>) => context.client.request({ v: 1, id: `sw:${++context.seq}`, ...message });

test('asked directly, it answers a batch the schema accepts, offbeat eighths moved to 0.6 of the beat', async (context) => {
  const messages = [0, 250, 500, 750].map((t, i) => ({ t, d: [0x90, 60 + i, 100], p: 'piano' }));
  const reply = await ask(context, { type: 'request', service: 'swing', body: { messages, tempo: [{ offset: 0, bpm: 120 }], args: [0.6] } });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  const answer = validate(transformAnswerSchema, { v: 1, ...(reply.result as object) });
  assert.not.instance(answer, Error, JSON.stringify(reply.result));
  assert.equal((reply.result as { messages: unknown[] }).messages, [0, 300, 500, 800].map((t, i) => ({ t, d: [0x90, 60 + i, 100], p: 'piano' })));
  const refused = await ask(context, { type: 'request', service: 'swing', body: { messages, tempo: [], args: [1.5] } });
  assert.equal([refused.type, refused.code], ['error', 'ALDA_BAD_MESSAGE']);
  assert.match(String(refused.message), /swing amount is a number between 0 and 1/);
});

test('an eval through `transform` plays swung: notes and note-offs on the warped grid', async (context) => {
  const record = join(context.dir, 'swung.jsonl');
  const reply = await ask(context, { type: 'eval', session: 'swung', code: 'piano: (tempo 120) o4 c8 d e f', sink: { record }, transform: [{ service: 'swing', args: ['0.6'] }] });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  const ons = await waitFor('four notes', () => {
    const found = readRecording(record).filter(isNoteOn);
    return found.length === 4 && found;
  });
  assert.equal(ons.map((l) => [l.data[1], Math.round(l.due * 1000) / 1000]), [[60, 0], [62, 300], [64, 500], [65, 800]]);
  await ask(context, { type: 'close', session: 'swung' });
});

test('a transformer that is not there fails the eval in time, and the session is as it was', async (context) => {
  const reply = await ask(context, { type: 'eval', session: 'missing', code: 'piano: c', transform: [{ service: 'no-such-transformer' }] });
  assert.equal([reply.type, reply.code], ['error', 'ALDA_SERVICE_EXPIRED'], JSON.stringify(reply));
  assert.match(String(reply.message), /no worker of service "no-such-transformer"/);
});

test('an answer that is not a batch of messages is refused with ALDA_BAD_TRANSFORM, naming the field', async (context) => {
  const broken = new WebSocket(new URL('/worker', context.server.url), { headers: { authorization: `Bearer ${context.server.token}` } });
  await new Promise((resolve) => broken.once('open', resolve));
  broken.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id: string };
    if (message.type === 'request') broken.send(JSON.stringify({ v: 1, type: 'final', id: message.id, body: { messages: [{ t: 'zero', d: [0x90, 60, 100] }] } }));
  });
  broken.send(JSON.stringify({ v: 1, type: 'ready', service: 'broken', worker: 'broken-1', pid: process.pid }));
  const heartbeat = setInterval(() => broken.send(JSON.stringify({ v: 1, type: 'heartbeat' })), 500);
  try {
    await waitFor('the broken worker', async () => ((await ask(context, { type: 'mmi.service', service: 'broken' })).result as { workers: number }).workers === 1);
    const reply = await ask(context, { type: 'eval', session: 'broken', code: 'piano: c', transform: [{ service: 'swing' }, { service: 'broken' }] });
    assert.equal([reply.type, reply.code], ['error', 'ALDA_BAD_TRANSFORM'], JSON.stringify(reply));
    assert.match(String(reply.message), /"broken" answered .*messages\.0\.t/);
  } finally {
    clearInterval(heartbeat);
    broken.close();
  }
});

/** The four eighths at 120 bpm, swung at 0.6: where each note-on is due, from the first. */
const SWUNG = [[60, 0], [62, 300], [64, 500], [65, 800]];
const heard = async (record: string) => {
  const ons = await waitFor(`four notes in ${record}`, () => {
    const found = readRecording(record).filter(isNoteOn);
    return found.length === 4 && found;
  });
  return ons.map((l) => [l.data[1], Math.round((l.due - ons[0]!.due) * 1000) / 1000]);
};

test('the REPL puts it in the chain with :transform, refuses a transformer nobody offers, and takes it off', async (context) => {
  const session = replSession(context.dir, 'repl-swing');
  await session.open();
  const repl = collecting(session, context.dir);
  const run = async (input: string) => {
    const from = repl.entries.length;
    await interpret(input, repl);
    return printed(repl.entries, from);
  };
  try {
    assert.is(await run(':transform'), 'No transform: inputs play as written');
    assert.match(await run(':transform nosuch 1'), /^error: No worker offers service "nosuch"/);
    assert.is(await run(':transform swing 0.6'), 'Transform: swing 0.6');
    assert.is(await run('piano: (tempo 120) o4 c8 d e f'), '');
    assert.equal(await heard(join(context.dir, 'repl-swing.jsonl')), SWUNG);
    assert.is(await run(':transform off'), 'No transform: inputs play as written');
    assert.equal(session.transform, []);
  } finally {
    session.close();
    await ask(context, { type: 'close', session: 'repl-swing' });
  }
});

const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

test('watch --transform swing=0.6 plays each save swung; with --live it is refused', async (context) => {
  const file = join(context.dir, 'song.alda');
  const record = join(context.dir, 'watch.jsonl');
  writeFileSync(file, 'piano: (tempo 120) o4 c8 d e f\n');
  const env = { ...process.env, ALDA_LIVE_STATE_DIR: context.dir, ALDA_LIVE_RECORD: '' };
  const refused = spawnSync(process.execPath, [bin, 'watch', file, '--live', '--transform', 'swing=0.6'], { env, encoding: 'utf8', timeout: 30_000 });
  assert.is(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /--transform.*cannot be used with option '--live'/);
  const watcher = spawn(process.execPath, [bin, 'watch', file, '--transform', 'swing=0.6', '--record', record], { env, stdio: 'ignore' });
  try {
    assert.equal(await heard(record), SWUNG);
  } finally {
    const exited = new Promise((done) => watcher.once('exit', done));
    watcher.kill('SIGTERM');
    await exited;
  }
});

test('`alda-live server --with swing` starts it from its manifest: the service is there, and goes with the server', async () => {
  const dir = freshDir();
  const server = spawn(process.execPath, [bin, 'server', '--port', '0', '--spares', '0', '--with', 'swing'], { env: { ...pathFor(python!), ALDA_LIVE_STATE_DIR: dir }, stdio: 'ignore' });
  const exited = new Promise((done) => server.once('exit', done));
  try {
    const client = await RawClient.open(await waitFor('the state file', () => readServerState(dir), 30_000));
    try {
      const found = await waitFor('a worker of swing', async () => {
        const lookup = (await client.request({ v: 1, type: 'mmi.service', id: `with:${Date.now()}`, service: 'swing' })).result as { workers: number };
        return lookup.workers === 1 && lookup;
      }, 30_000);
      assert.is(found.workers, 1);
    } finally {
      client.close();
    }
  } finally {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('as its manifest starts it, it passes `alda-live conformance service`, every tier', async () => {
  const body = JSON.stringify({ messages: [{ t: 250, d: [0x90, 60, 100] }], tempo: [], args: [0.6] });
  const { code, out } = await conformance(['service', '--with', 'swing', '--body', body], 120_000, pathFor(python!));
  assert.is(code, 0, out);
  assert.match(out, 'PASS: 4 of 4 required tiers passed');
  assert.match(out, '{"messages":[{"t":300,"d":[144,60,100]}]}');
});

if (python) test.run();
