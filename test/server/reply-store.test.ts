import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplyStore } from '../../src/server/reply-store.js';

const reply = (text: string) => () => Promise.resolve(text);

test("the reply store is bounded by bytes (the oldest replies go first) and per client (its oldest go first); a repeat of one gone is worked again", async () => {
  const store = new ReplyStore({ maxBytes: 100, perClient: 2 });
  await store.answer('token', 'a:1', 'eval 1', reply('x'.repeat(40)));
  await store.answer('token', 'b:1', 'eval 1', reply('y'.repeat(40)));
  await store.answer('token', 'c:1', 'eval 1', reply('z'.repeat(40)));
  await Promise.resolve();
  assert.is(store.size, 2, '120 bytes of replies over a bound of 100');
  let worked = 0;
  await store.answer('token', 'a:1', 'eval 1', () => Promise.resolve(`again ${++worked}`));
  assert.is(worked, 1, 'the oldest went first');
  assert.is(await store.answer('token', 'c:1', 'eval 1', reply('not this')), 'z'.repeat(40), 'the newest stays');
  for (const seq of [2, 3, 4]) await store.answer('token', `c:${seq}`, 'ping', reply('ok'));
  await Promise.resolve();
  assert.is(await store.answer('token', 'c:4', 'ping', reply('not this')), 'ok');
  assert.is(await store.answer('token', 'c:1', 'eval 1', reply('worked again')), 'worked again', 'two replies a client, its oldest dropped');
});

test('past the byte bound the oldest replies of all go first, whichever client came first', async () => {
  const store = new ReplyStore({ maxBytes: 100, perClient: 10 });
  for (const id of ['a:1', 'b:1', 'a:2', 'b:2', 'b:3']) await store.answer('token', id, 'eval', reply(id.padEnd(30, '.')));
  await Promise.resolve();
  const again = (id: string) => store.answer('token', id, 'eval', reply('worked again'));
  assert.is(await again('a:2'), 'a:2'.padEnd(30, '.'), "a's newer reply outlives b's older one");
  assert.is(await again('b:3'), 'b:3'.padEnd(30, '.'));
  assert.is(await again('b:1'), 'worked again', 'the oldest but one went');
});

test.run();
