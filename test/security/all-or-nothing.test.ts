import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { encode } from '../../src/protocol/envelope.js';
import { startServer } from '../../src/server/server.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { EvalFailure } from '../../src/server/session/evaluator.js';
import { freshDir, RawClient, stopServer, waitFor } from '../pipeline/harness.js';
import { FakePerformer } from './fake-performer.js';

const test = suite('a refused evaluation leaves the score as it was');

// Found by the server fuzz: a bad `from`/`to` was refused after the score had taken the new events.
test('an eval whose from/to names no marker changes nothing', () => {
  const score = new EngineScore();
  score.evaluate({ code: 'piano: c d' });
  try {
    score.evaluate({ code: '%m e f @m g', from: 'nowhere' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, EvalFailure);
    assert.is((error as EvalFailure).code, 'ALDA_BAD_OFFSET_REFERENCE');
  }
  assert.is(score.size, 2);
  assert.is(score.evaluate({ code: 'e' }).events, 1);
  assert.is(score.size, 3);
});

test('Score.evaluate: an accept hook that throws refuses the evaluation, and sees the would-be events', () => {
  const score = new Score();
  score.evaluate(parseAlda('piano: c d'));
  const before = score.state;
  let seen = -1;
  assert.throws(() =>
    score.evaluate(parseAlda('e f g'), (events) => {
      seen = events.length;
      throw new Error('no');
    }),
  );
  assert.is(seen, 3);
  assert.is(score.state, before);
  assert.is(score.view().events.length, 2);
});

test('an eval whose batch the performer refuses leaves the session score as it was (and a reset keeps the old score)', async () => {
  const dir = freshDir();
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), log: () => {}, spawnPerformers: false });
  const performer = await FakePerformer.attach(server, 'fake-1');
  const client = await RawClient.open(server);
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'fake-1' && w.state === 'spare'));
    const refuse = async () => {
      const schedule = await performer.next('schedule');
      performer.socket.send(encode({ type: 'error', id: schedule.id, code: 'ALDA_BAD_MESSAGE', message: 'refused' }));
    };
    const first = client.request({ v: 1, type: 'eval', id: 'e:1', session: 's', code: 'piano: c d' });
    performer.reply(await performer.next('open'), { session: 's', sinks: [], notices: [] });
    performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 1000, shift: 0, position: 0 });
    assert.is((await first).type, 'reply');
    const refused = client.request({ v: 1, type: 'eval', id: 'e:2', session: 's', code: 'e f g' });
    await refuse();
    assert.is((await refused).code, 'ALDA_BAD_MESSAGE');
    const joined = await client.request({ v: 1, type: 'join', id: 'j:1', session: 's' });
    assert.equal(joined.result, { session: 's', events: 2, code: 'piano: c d\n' }, 'the score has not taken e f g');
    const reset = client.request({ v: 1, type: 'eval', id: 'e:3', session: 's', code: 'piano: a b c', reset: true });
    performer.reply(await performer.next('stop'), { position: 0 });
    await refuse();
    assert.is((await reset).code, 'ALDA_BAD_MESSAGE');
    const again = client.request({ v: 1, type: 'eval', id: 'e:4', session: 's', code: 'e' });
    const schedule = await performer.next('schedule');
    const noteOns = (schedule.messages as { t: number; d: number[] }[]).filter((m) => (m.d[0]! & 0xf0) === 0x90);
    assert.equal(noteOns.map((m) => m.t), [1000], 'e follows c d: the old score was kept through the refused reset');
    performer.reply(schedule, { firstDue: 0, lastDue: 0, shift: 0, position: 0 });
    assert.is((await again).type, 'reply');
  } finally {
    client.close();
    performer.close();
    await stopServer(server, dir);
  }
});

test('an eval whose new performer refuses to open (the old one died) leaves the session score as it was', async () => {
  const dir = freshDir();
  const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), log: () => {}, spawnPerformers: false });
  const first = await FakePerformer.attach(server, 'fake-1');
  const client = await RawClient.open(server);
  let second: FakePerformer | undefined;
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'fake-1' && w.state === 'spare'));
    const played = client.request({ v: 1, type: 'eval', id: 'e:1', session: 's', code: 'piano: c d' });
    first.reply(await first.next('open'), { session: 's', sinks: [], notices: [] });
    first.reply(await first.next('schedule'), { firstDue: 0, lastDue: 1000, shift: 0, position: 0 });
    assert.is((await played).type, 'reply');
    first.close();
    await waitFor('the session to lose its dead performer', () => server.sessions.get('s')?.worker === undefined);
    second = await FakePerformer.attach(server, 'fake-2');
    // What the dead one left sounding is released first, through the next performer.
    second.reply(await second.next('open'), { session: 's', sinks: [], notices: [] });
    second.reply(await second.next('panic'), { position: 0 });
    const refused = client.request({ v: 1, type: 'eval', id: 'e:2', session: 's', code: 'e f g' });
    const open = await second.next('open');
    second.socket.send(encode({ type: 'error', id: open.id, code: 'ALDA_NO_SUCH_PORT', message: 'no such port' }));
    assert.is((await refused).code, 'ALDA_NO_SUCH_PORT');
    const joined = await client.request({ v: 1, type: 'join', id: 'j:1', session: 's' });
    assert.equal(joined.result, { session: 's', events: 2, code: 'piano: c d\n' }, 'the score has not taken e f g');
  } finally {
    client.close();
    first.close();
    second?.close();
    await stopServer(server, dir);
  }
});

test.run();
