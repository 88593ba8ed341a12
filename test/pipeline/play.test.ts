import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { isNoteOff, isNoteOn, RawClient, readRecording, serverSuite, waitFor, type ServerContext } from './harness.js';

const test = serverSuite<ServerContext>('pipeline');


const notes = (list: number[][]) => JSON.stringify(list);

test('events arrive complete, in order, at the right relative times', async ({ client, dir }) => {
  const record = join(dir, 'order.jsonl');
  const score = [[60, 0, 90], [62, 100, 90], [64, 200, 90], [65, 300, 190]];
  const reply = await client.request({ v: 1, type: 'eval', id: 'order:1', session: 'order', code: notes(score), sink: { record } });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  const lines = await waitFor('8 recorded messages', () => {
    const lines = readRecording(record);
    return lines.length >= 8 && lines;
  });
  const ons = lines.filter(isNoteOn);
  assert.equal(ons.map((l) => l.data[1]), [60, 62, 64, 65]);
  assert.equal(ons.map((l) => l.due - ons[0]!.due), [0, 100, 200, 300]);
  assert.equal(lines.filter(isNoteOff).map((l) => l.data[1]), [60, 62, 64, 65]);
  for (let i = 1; i < lines.length; i++) assert.ok(lines[i]!.at >= lines[i - 1]!.at, 'sent in order');
  // Generous bounds: timing is measured by bench/timing.ts, not asserted here.
  for (const line of lines) assert.ok(line.at >= line.due && line.at - line.due < 100, `on time: ${JSON.stringify(line)}`);
});

test('a later evaluation continues the same timeline, after what is queued', async ({ client, dir }) => {
  const record = join(dir, 'timeline.jsonl');
  await client.request({ v: 1, type: 'eval', id: 'timeline:1', session: 'timeline', code: notes([[60, 0, 300]]), sink: { record } });
  await client.request({ v: 1, type: 'eval', id: 'timeline:2', session: 'timeline', code: notes([[62, 300, 50]]) });
  const lines = await waitFor('4 messages', () => {
    const lines = readRecording(record);
    return lines.length >= 4 && lines;
  });
  const ons = lines.filter(isNoteOn);
  assert.equal(ons.map((l) => l.data[1]), [60, 62]);
  assert.ok(ons[1]!.due >= ons[0]!.due + 300, 'the second line starts after the first note');
});

test('wait answers once the session has played everything', async ({ client, dir }) => {
  const record = join(dir, 'wait.jsonl');
  await client.request({ v: 1, type: 'eval', id: 'wait:1', session: 'wait', code: notes([[60, 0, 150]]), sink: { record } });
  let done = false;
  for (let i = 2; !done; i++) {
    const reply = await client.request({ v: 1, type: 'wait', id: `wait:${i}`, session: 'wait' });
    done = (reply.result as { done: boolean }).done;
  }
  const position = await client.request({ v: 1, type: 'position', id: 'wait:last', session: 'wait' });
  assert.equal([(position.result as { pending: number }).pending, (position.result as { sounding: number }).sounding], [0, 0]);
  // The recorder writes through a stream: its last line may land just after the answer.
  await waitFor('the note-off in the recording', () => readRecording(record).filter(isNoteOff).length === 1);
});

test('stop leaves no note sounding: note-offs, then All Notes Off', async ({ client, dir }) => {
  const record = join(dir, 'stop.jsonl');
  const score = [[60, 0, 60_000], [64, 0, 60_000, 2], [67, 30_000, 100]];
  await client.request({ v: 1, type: 'eval', id: 'stop:1', session: 'stop', code: notes(score), sink: { record } });
  await waitFor('both note-ons', () => readRecording(record).filter(isNoteOn).length === 2);
  const reply = await client.request({ v: 1, type: 'stop', id: 'stop:2', session: 'stop' });
  assert.equal((reply.result as { stopped: string[] }).stopped, ['stop']);
  const lines = await waitFor('the silencing', () => {
    const lines = readRecording(record);
    return lines.some((l) => l.data[0] === 0xb2 && l.data[1] === 123) && lines;
  });
  const offs = lines.filter(isNoteOff).map((l) => [l.data[0]! & 0x0f, l.data[1]]);
  assert.equal(offs.sort(), [[0, 60], [2, 64]]);
  const allOff = lines.filter((l) => (l.data[0]! & 0xf0) === 0xb0 && l.data[1] === 123).map((l) => l.data[0]! & 0x0f);
  assert.equal(allOff, [0, 2]);
  const position = await client.request({ v: 1, type: 'position', id: 'stop:3', session: 'stop' });
  assert.is((position.result as { pending: number }).pending, 0);
  assert.is((position.result as { sounding: number }).sounding, 0);
});

test('a retried request is answered from the store, not evaluated twice', async ({ client, server, dir }) => {
  const record = join(dir, 'retry.jsonl');
  const request = { v: 1, type: 'eval', id: 'retry:1', session: 'retry', code: notes([[60, 0, 50]]), sink: { record } };
  const first = await client.request(request);
  const other = await RawClient.open(server);
  const again = await other.request(request);
  other.close();
  assert.equal(again, first);
  assert.is((await client.joined('retry')).events, 1);
  await waitFor('the note-off', () => readRecording(record).some(isNoteOff));
  assert.is(readRecording(record).filter(isNoteOn).length, 1);
});

test('a bad message gets an error reply and does not disturb another session', async ({ client, server, dir }) => {
  const record = join(dir, 'steady.jsonl');
  await client.request({ v: 1, type: 'eval', id: 'steady:1', session: 'steady', code: notes([[60, 0, 100], [62, 200, 100]]), sink: { record } });
  const rogue = await RawClient.open(server);
  const cases: [string, string][] = [
    ['{not json', 'ALDA_BAD_JSON'],
    ['[1,2]', 'ALDA_BAD_MESSAGE'],
    ['{"v":9,"type":"ping","id":"x"}', 'ALDA_BAD_VERSION'],
    ['{"v":1,"type":"launch","id":"x"}', 'ALDA_BAD_MESSAGE'],
    ['{"v":1,"type":"eval","id":"x","session":"no spaces allowed","code":"[]"}', 'ALDA_BAD_MESSAGE'],
    ['{"v":1,"type":"eval","id":"y","session":"steady2","code":"this is not a note list"}', 'TEST_BAD_NOTES'],
    ['{"v":1,"type":"ready","service":"performer"}', 'ALDA_BAD_MESSAGE'],
  ];
  for (const [text, code] of cases) {
    const reply = await rogue.sendRaw(text);
    assert.is(reply.type, 'error', text);
    assert.is(reply.code, code, text);
  }
  rogue.close();
  await waitFor('the steady session to finish', () => readRecording(record).filter(isNoteOff).length === 2);
  const ping = await client.request({ v: 1, type: 'ping', id: 'steady:2' });
  assert.is(ping.type, 'reply');
});

test('a killed performer is detected and replaced; its notes are released on its sink, waiters and members are told', async ({ client, server, dir }) => {
  const record = join(dir, 'killed.jsonl');
  await client.request({ v: 1, type: 'eval', id: 'killed:1', session: 'killed', code: notes([[60, 0, 60_000]]), sink: { record } });
  const member = await RawClient.open(server);
  await member.request({ v: 1, type: 'join', id: 'member:1', session: 'killed' });
  await waitFor('the note', () => readRecording(record).some(isNoteOn));
  const pid = server.sessions.get('killed')!.worker!.pid!;
  const waiting = client.request({ v: 1, type: 'wait', id: 'killed:wait', session: 'killed' });
  process.kill(pid, 'SIGKILL');
  const told = await waiting;
  assert.is(told.code, 'ALDA_PERFORMER_DIED', JSON.stringify(told));
  assert.match(String(told.message), /^The performer of session "killed" died at 0:0\d; 1 part silenced/);
  await waitFor('the event for the member', () => member.received.find((m) => m.type === 'event'));
  assert.equal(member.received.find((m) => m.type === 'event'), { v: 1, type: 'event', session: 'killed', kind: 'performer-died', message: told.message });
  member.close();
  await waitFor('All Notes Off on every channel of the recording', () => new Set(readRecording(record).filter((r) => r.data[0]! >= 0xb0 && r.data[0]! < 0xc0 && r.data[1] === 123).map((r) => r.data[0])).size === 16);
  await waitFor('the session to lose its performer', () => server.sessions.get('killed')?.worker === undefined);
  await waitFor('a spare performer other than the dead one', () =>
    server.pool.workers.some((w) => w.state === 'spare' && w.socket !== undefined && w.pid !== pid),
  );
  const reply = await client.request({ v: 1, type: 'eval', id: 'killed:2', session: 'killed', code: notes([[62, 0, 50]]) });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  assert.is.not((reply.result as { performer: number }).performer, pid);
});

test('ps lists the server, the sessions and their performers', async ({ client }) => {
  const reply = await client.request({ v: 1, type: 'ps', id: 'ps:1' });
  const result = reply.result as { server: { pid: number }; sessions: { name: string }[]; performers: { pid: number; state: string }[] };
  assert.is(result.server.pid, process.pid);
  assert.ok(result.sessions.some((s) => s.name === 'order'));
  assert.ok(result.performers.length >= 1);
});

test.run();
