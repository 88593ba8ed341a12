import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { keyword, list, string, symbol } from '../../src/lisp/form.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import type { AldaServer } from '../../src/server/server.js';
import { isNoteOn, RawClient, readRecording, stopServer, testServer, waitFor } from './harness.js';

const test = suite<{ server: AldaServer; dir: string; client: RawClient }>('engine pipeline');

test.before(async (context) => {
  Object.assign(context, await testServer({ newScore: () => new EngineScore() }));
  context.client = await RawClient.open(context.server);
});

test.after(async ({ server, dir, client }) => {
  client?.close();
  if (server) await stopServer(server, dir);
});

const ons = (file: string, count: number) =>
  waitFor(`${count} note-ons`, () => {
    const lines = readRecording(file).filter(isNoteOn);
    return lines.length >= count && lines;
  });

test('Alda text is evaluated incrementally; each line plays after the last', async ({ client, dir }) => {
  const record = join(dir, 'text.jsonl');
  const first = await client.request({ v: 1, type: 'eval', id: 't:1', session: 'text', code: 'piano: o4 c8 d', sink: { record } });
  assert.is(first.type, 'reply', JSON.stringify(first));
  assert.equal((first.result as { events: number }).events, 2);
  await client.request({ v: 1, type: 'eval', id: 't:2', session: 'text', code: 'e f' });
  const lines = await ons(record, 4);
  assert.equal(lines.map((l) => l.data[1]), [60, 62, 64, 65]);
  assert.ok(lines[2]!.due >= lines[1]!.due + 250, 'the second line follows the first');
  assert.ok(readRecording(record).some((l) => l.data[0] === 0xc0), 'the program is sent');
});

test('forms are evaluated like text', async ({ client, dir }) => {
  const record = join(dir, 'forms.jsonl');
  const forms = [list([symbol('part'), string('piano')]), list([symbol('note'), list([symbol('pitch'), keyword('a')])])];
  const reply = await client.request({ v: 1, type: 'eval', id: 'f:1', session: 'forms', forms, sink: { record } });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  assert.equal((await ons(record, 1)).map((l) => l.data[1]), [69]);
});

test('from and to cut the score at a marker and a time, as Alda does', async ({ client, dir }) => {
  const record = join(dir, 'range.jsonl');
  const code = 'piano: (tempo 120) c4 d %here e f | g a b > c';
  await client.request({ v: 1, type: 'eval', id: 'r:1', session: 'range', code, from: 'here', to: '0:03', sink: { record } });
  const lines = await ons(record, 2);
  assert.equal(lines.map((l) => l.data[1]), [64, 65]);
  assert.is(lines[0]!.due, 0);
});

test('a score that does not evaluate is answered FILE:LINE:COL, and the session plays on', async ({ client }) => {
  const reply = await client.request({ v: 1, type: 'eval', id: 'e:1', session: 'text', code: 'piano: c d\n  e (tempo)', name: 'song.alda' });
  assert.is(reply.type, 'error');
  assert.match(String(reply.message), /^song\.alda:2:\d+ /);
  const again = await client.request({ v: 1, type: 'eval', id: 'e:2', session: 'text', code: 'g' });
  assert.is(again.type, 'reply');
});

test('the error carries its span; `check` reports the same without changing the score', async ({ client }) => {
  const code = 'piano: c d\n  e (tempo)';
  const reply = await client.request({ v: 1, type: 'eval', id: 'k:1', session: 'checked', code: 'piano: c', name: 'song.alda' });
  assert.is(reply.type, 'reply');
  const failed = await client.request({ v: 1, type: 'eval', id: 'k:2', session: 'checked', code, name: 'song.alda' });
  const span = failed.span as { file: string; line: number; column: number; end: { line: number; column: number } };
  assert.equal([span.file, span.line], ['song.alda', 2]);
  assert.ok(String(failed.message).startsWith(`song.alda:2:${span.column} `), String(failed.message));
  const checked = await client.request({ v: 1, type: 'check', id: 'k:3', session: 'checked', code, name: 'song.alda' });
  assert.equal((checked.result as { diagnostics: unknown[] }).diagnostics, [{ code: failed.code, message: failed.message, span }]);
  const good = await client.request({ v: 1, type: 'check', id: 'k:4', session: 'checked', code: 'd e' });
  assert.equal((good.result as { diagnostics: unknown[] }).diagnostics, []);
  const joined = await client.request({ v: 1, type: 'join', id: 'k:5', session: 'checked' });
  assert.equal(joined.result, { session: 'checked', events: 1, code: 'piano: c\n' }, 'checking changed nothing');
});

test('a marker that does not exist is refused with the markers there are', async ({ client }) => {
  const reply = await client.request({ v: 1, type: 'eval', id: 'm:1', session: 'nomarker', code: 'piano: c %a d', from: 'b' });
  assert.is(reply.code, 'ALDA_BAD_OFFSET_REFERENCE');
  assert.match(String(reply.message), /markers in this score: a/);
});

test.run();
