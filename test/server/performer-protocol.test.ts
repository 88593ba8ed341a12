import * as assert from 'uvu/assert';
import { serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { FakePerformer } from '../security/fake-performer.js';

/** What the server asks of a performer and checks in what it answers (docs/protocol.md, "Performers"). */
const log: string[] = [];
const test = serverSuite<ServerContext>('performer protocol', { spawnPerformers: false, lookahead: 250, log: (line) => log.push(line) });

const notes = JSON.stringify([[60, 0, 100]]);
let sequence = 0;
const nextId = () => `pp:${++sequence}`;

test('a reply whose result breaks the schema is refused (ALDA_BAD_REPLY), logged, told to the performer, and reaches the client only as the refusal', async ({ server, client }) => {
  const performer = await FakePerformer.attach(server, 'bad-replies');
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'bad-replies' && w.state === 'spare'));
    const played = client.request({ v: 1, type: 'eval', id: nextId(), session: 'bad-reply', code: notes });
    performer.reply(await performer.next('open'), { session: 'bad-reply', sinks: [], notices: [] });
    const schedule = await performer.next('schedule');
    performer.reply(schedule, { firstDue: 'zero', lastDue: 100, shift: 0, position: 0 });
    // The eval was answered once its notes went out; what the performer makes of them comes after.
    assert.is((await played).type, 'reply');
    const waited = await client.request({ v: 1, type: 'wait', id: nextId(), session: 'bad-reply' });
    assert.is(waited.code, 'ALDA_BAD_REPLY');
    assert.match(String(waited.message), 'Invalid reply to `schedule` at result.firstDue');
    const told = await performer.next('error');
    assert.is(told.id, schedule.id);
    assert.is(told.code, 'ALDA_BAD_MESSAGE');
    assert.ok(log.some((line) => line.includes('bad-replies') && line.includes('result.firstDue')), 'the server logs it');
  } finally {
    performer.close();
  }
});

test("another process saying ready under a connected performer's id is refused, and does not take its session", async ({ server, client }) => {
  const first = await FakePerformer.attach(server, 'twin');
  const second = await FakePerformer.attach(server, 'twin', { pid: process.pid + 1 });
  try {
    await waitFor('the first in the pool', () => server.pool.workers.some((w) => w.id === 'twin' && w.state === 'spare'));
    const refusal = await second.next('error');
    assert.is(refusal.code, 'ALDA_WORKER_ID_TAKEN');
    const played = client.request({ v: 1, type: 'eval', id: nextId(), session: 'twin-session', code: notes });
    const open = await first.next('open');
    assert.is(open.lookahead, 250, "the server's --lookahead reaches the performer in `open`");
    first.reply(open, { session: 'twin-session', sinks: [], notices: [] });
    first.reply(await first.next('schedule'), { firstDue: 250, lastDue: 350, shift: 250, position: 0 });
    assert.is((await played).type, 'reply');
    assert.is(server.pool.workers.find((w) => w.id === 'twin')?.session, 'twin-session');
  } finally {
    first.close();
    second.close();
  }
});

test('a performer started for one session serves only it; one that says its protocol versions is welcomed; a hello is answered with what the server chose', async ({ server, client }) => {
  const hello = await client.request({ v: 1, type: 'hello', id: nextId(), protocol: [7, 1], capabilities: ['jobs', 'telepathy'] });
  assert.equal([hello.result && (hello.result as { protocol: number }).protocol, (hello.result as { capabilities: string[] }).capabilities], [1, ['jobs']]);
  const refused = await client.request({ v: 1, type: 'hello', id: nextId(), protocol: [7] });
  assert.is(refused.code, 'ALDA_BAD_VERSION');
  const reserved = await FakePerformer.attach(server, 'for-band', { for: 'band', protocol: [1], offers: { sinks: ['record'], clocks: ['internal'] } });
  const shared = await FakePerformer.attach(server, 'shared');
  try {
    const welcome = await reserved.next('welcome');
    assert.equal([welcome.protocol, welcome.heartbeat], [1, 1000]);
    await waitFor('both in the pool', () => server.pool.workers.filter((w) => ['for-band', 'shared'].includes(w.id) && w.state === 'spare').length === 2);
    const ps = await client.request({ v: 1, type: 'ps', id: nextId() });
    const listed = (ps.result as { performers: { id: string; for: string | null; offers: unknown }[] }).performers.find((p) => p.id === 'for-band');
    assert.equal([listed?.for, listed?.offers], ['band', { sinks: ['record'], clocks: ['internal'] }], 'ps says whom it serves and what it offers');
    const other = client.request({ v: 1, type: 'eval', id: nextId(), session: 'other', code: notes });
    const open = await shared.next('open');
    assert.is(open.session, 'other', 'another session takes the shared performer, not the reserved one');
    shared.reply(open, { session: 'other', sinks: [], notices: [] });
    shared.reply(await shared.next('schedule'), { firstDue: 250, lastDue: 350, shift: 250, position: 0 });
    assert.is((await other).type, 'reply');
    const band = client.request({ v: 1, type: 'eval', id: nextId(), session: 'band', code: notes });
    reserved.reply(await reserved.next('open'), { session: 'band', sinks: ['record:/x'], notices: [] });
    reserved.reply(await reserved.next('schedule'), { firstDue: 250, lastDue: 350, shift: 250, position: 0 });
    assert.is((await band).type, 'reply');
  } finally {
    reserved.close();
    shared.close();
  }
});

test('evaluations placed in one turn of the loop go to their performer as one schedule, each played where the server says it lands', async ({ server, client }) => {
  const performer = await FakePerformer.attach(server, 'gathering');
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'gathering' && w.state === 'spare'));
    // The first opens the performer; the others wait behind it in the session, and are all placed in the turn it opens in.
    const lists = [[[60, 0, 100]], [[62, 600, 100]], [[40, 0, 50, 1]]];
    const evals = lists.map((list) => client.request({ v: 1, type: 'eval', id: nextId(), session: 'gathered', code: JSON.stringify(list) }));
    const open = await performer.next('open');
    assert.is((await client.request({ v: 1, type: 'ping', id: nextId() })).type, 'reply', 'every eval has reached the session');
    performer.reply(open, { session: 'gathered', sinks: [], notices: [] });
    const schedule = await performer.next('schedule');
    const sent = schedule.messages as { t: number; d: number[] }[];
    assert.equal(sent.map((m) => m.d), [[0x90, 60, 100], [0x80, 60, 0], [0x90, 62, 100], [0x80, 62, 0], [0x91, 40, 100], [0x81, 40, 0]]);
    assert.is(schedule.start, 0, 'from the earliest start');
    performer.reply(schedule, { firstDue: 1000, lastDue: 2000, shift: 1000, position: 0 });
    const acks = (await Promise.all(evals)).map((reply) => reply.result as { firstDue: number });
    // Each eval was told where it lands by one reckoned shift, the one its notes went with.
    const shifts = acks.map((ack, i) => ack.firstDue - sent[2 * i]!.t);
    for (const shift of shifts) assert.ok(Math.abs(shift - shifts[0]!) < 1e-6, `one shift for all: ${shifts.join(', ')}`);
    const noted = client.request({ v: 1, type: 'notes', id: nextId(), session: 'gathered' });
    performer.reply(await performer.next('position'), { position: 0, pending: 6, sounding: 0 });
    const { notes: logged } = (await noted).result as { notes: { key: number; start: number }[] };
    // What the note log says is where the performer plays each note: the time sent, plus the shift it answered.
    for (const note of logged) assert.ok(Math.abs(note.start - (sent.find((m) => m.d[1] === note.key)!.t + 1000)) < 1e-6, JSON.stringify({ note, sent }));
    assert.is(logged.length, 3);
    assert.not.ok(performer.commands.some((c) => c.type === 'schedule'), 'no other schedule went');
  } finally {
    performer.close();
  }
});

test('batches due well ahead wait in the server, gathering, until shortly before they are due or another command goes', async ({ server, client }) => {
  const performer = await FakePerformer.attach(server, 'holding');
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'holding' && w.state === 'spare'));
    const first = client.request({ v: 1, type: 'eval', id: nextId(), session: 'held', code: notes });
    performer.reply(await performer.next('open'), { session: 'held', sinks: [], notices: [] });
    // The first note is due within the lookahead: it goes at once.
    performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 100, shift: 0, position: -250 });
    assert.is((await first).type, 'reply');
    for (const offset of [60_000, 60_500]) {
      assert.is((await client.request({ v: 1, type: 'eval', id: nextId(), session: 'held', code: JSON.stringify([[62, offset, 100]]) })).type, 'reply');
    }
    // Two more round trips: the server has been through its loop since, and sent nothing.
    for (let i = 0; i < 2; i++) await client.request({ v: 1, type: 'ping', id: nextId() });
    assert.not.ok(
      performer.commands.some((c) => c.type === 'schedule'),
      'a minute ahead, nothing went yet',
    );
    const noted = client.request({ v: 1, type: 'notes', id: nextId(), session: 'held' });
    const schedule = await performer.next('schedule');
    assert.equal(
      (schedule.messages as { t: number }[]).map((m) => m.t),
      [60_000, 60_100, 60_500, 60_600],
      'both, as one schedule, before the command that came after them',
    );
    performer.reply(schedule, { firstDue: 60_000, lastDue: 60_600, shift: 0, position: 0 });
    performer.reply(await performer.next('position'), { position: 0, pending: 4, sounding: 0 });
    assert.is((await noted).type, 'reply');
  } finally {
    performer.close();
  }
});

test("a batch of several chunks keeps more than one on its way: the next goes before the performer answered the last", async ({ server, client }) => {
  const performer = await FakePerformer.attach(server, 'streaming');
  try {
    await waitFor('the performer in the pool', () => server.pool.workers.some((w) => w.id === 'streaming' && w.state === 'spare'));
    // 5 chunks of 256 messages: 640 notes, a note-on and a note-off each.
    const played = client.request({ v: 1, type: 'eval', id: nextId(), session: 'streamed', code: JSON.stringify(Array.from({ length: 640 }, (_, i) => [60, i * 10, 5])) });
    performer.reply(await performer.next('open'), { session: 'streamed', sinks: [], notices: [] });
    performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 2560, shift: 0, position: 0 });
    assert.is((await played).type, 'reply');
    const following = [await performer.next('schedule'), await performer.next('schedule', 5000)];
    assert.equal(
      following.map((chunk) => chunk.continues),
      [true, true],
      'the second and third chunks, neither answered yet',
    );
    for (const chunk of following) performer.reply(chunk, { firstDue: 0, lastDue: 0, shift: 0, position: 0 });
    for (let i = 0; i < 2; i++) performer.reply(await performer.next('schedule'), { firstDue: 0, lastDue: 0, shift: 0, position: 0 });
  } finally {
    performer.close();
  }
});

test.run();
