import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { decodeBundle, type OscBundle } from '../support/osc.js';
import { conformance } from '../support/kit.js';
import { attachPerformer, pathFor, pythonFor, type PythonProcess } from '../support/python.js';

/**
 * plugins/osc-bridge against a real UDP OSC receiver: a real server that starts no performer of
 * its own, the bridge attached by hand, Alda scores evaluated, the bundles read back.
 */
interface Context extends ServerContext {
  bridge: PythonProcess;
  receiver: Socket;
  bundles: (OscBundle & { received: number })[];
  seq: number;
}

const LATENCY = 200;
const python = pythonFor('plugins/osc-bridge (test/plugins/osc-bridge.test.ts)', ['websockets'], 'python3-websockets');

const test = serverSuite<Context>('OSC bridge', { newScore: () => new EngineScore(), spawnPerformers: false });

test.before(async (context) => {
  context.seq = 0;
  context.bundles = [];
  context.receiver = createSocket('udp4');
  context.receiver.on('message', (packet) => context.bundles.push({ ...decodeBundle(packet), received: Date.now() }));
  context.receiver.bind(0, '127.0.0.1');
  await once(context.receiver, 'listening');
  const osc = `127.0.0.1:${context.receiver.address().port}`;
  context.bridge = await attachPerformer(python!, 'osc-bridge/bridge.py', context.server, context.dir, 'osc-1', ['--osc', osc, '--latency', String(LATENCY)]);
});

test.after(async ({ bridge, receiver }) => {
  await bridge?.stop();
  receiver?.close();
});

const ask = async (context: Context, message: Record<string, unknown>) => {
  const reply = await context.client.request({ v: 1, id: `osc:${++context.seq}`, ...message });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  return reply.result as Record<string, unknown>;
};

const addressed = (context: Context, address: string) => context.bundles.filter((b) => b.messages[0]!.address === address);

test('a score becomes one timestamped bundle per message, ahead of its time, spaced as the score', async (context) => {
  const result = await ask(context, { type: 'eval', session: 'osc', code: 'piano: (tempo 240) o4 c8 d e' });
  assert.is(result.performer, context.bridge.child.pid, 'the bridge plays it');
  await waitFor('three note-offs', () => addressed(context, '/alda/note_off').length === 3);
  assert.equal(context.bundles[0]!.messages, [{ address: '/alda/program', args: [0, 0] }], 'the program change first');
  const ons = addressed(context, '/alda/note_on');
  assert.equal(ons.map((b) => b.messages[0]!.args.slice(0, 2)), [[0, 60], [0, 62], [0, 64]], '/alda/note_on channel note velocity');
  assert.ok(ons.every((b) => b.messages.length === 1 && Number(b.messages[0]!.args[2]) > 0));
  const gaps = ons.slice(1).map((b, i) => Math.round(b.time - ons[i]!.time));
  assert.equal(gaps, [125, 125], 'an eighth at 240 bpm is 125 ms, in the timetags');
  assert.ok(ons.every((b) => b.time > b.received), 'each bundle arrives before its time (the latency)');
  const offs = addressed(context, '/alda/note_off');
  assert.equal(offs.map((b) => b.messages[0]!.args), [[0, 60], [0, 62], [0, 64]]);
  await ask(context, { type: 'close', session: 'osc' });
});

test('stop sends the note-offs of what sounds and All Notes Off, as OSC', async (context) => {
  context.bundles.length = 0;
  await ask(context, { type: 'eval', session: 'long', code: 'piano: (tempo 60) o4 c1 d1' });
  await waitFor('the first note', () => addressed(context, '/alda/note_on').length === 1);
  await ask(context, { type: 'stop', session: 'long' });
  await waitFor('All Notes Off', () => context.bundles.some((b) => b.messages[0]!.address === '/alda/cc' && b.messages[0]!.args[1] === 123));
  assert.equal(addressed(context, '/alda/note_off').map((b) => b.messages[0]!.args), [[0, 60]], 'the sounding note is released, and no other starts');
  assert.is(addressed(context, '/alda/note_on').length, 1);
  await ask(context, { type: 'close', session: 'long' });
});

test('as its manifest starts it, it passes `alda-live conformance performer`, every tier', async () => {
  const { code, out } = await conformance(['performer', '--with', 'osc-bridge'], 120_000, pathFor(python!));
  assert.is(code, 0, out);
  assert.match(out, 'PASS: 6 of 6 required tiers passed');
});

if (python) test.run();
