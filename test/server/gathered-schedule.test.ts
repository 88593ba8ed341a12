import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatheredSchedule, type ScheduleAnswer } from '../../src/server/session/gathered-schedule.js';
import { arrayBatch, CHUNK } from '../../src/server/session/timed-batch.js';
import type { WorkerRecord } from '../../src/server/performer-pool.js';
import type { TimedMessage } from '../../src/protocol/messages.js';

// Only who the performer is matters to a gathering: two records, told apart by identity.
const performer = { id: 'one' } as WorkerRecord;
const another = { id: 'two' } as WorkerRecord;
const note = (t: number, key: number): TimedMessage[] => [
  { t, d: [0x90, key, 100], p: 'part001' },
  { t: t + 100, d: [0x80, key, 0], p: 'part001' },
];

test('batches go as one schedule from their earliest start, rebased onto the last shift; each is answered as its own', async () => {
  const gathering = new GatheredSchedule(performer, 120);
  const first = gathering.add(500, 0, arrayBatch(note(500, 60)));
  const second = gathering.add(0, 250, arrayBatch(note(0, 62)));
  const { command, messages } = gathering.schedule();
  assert.equal(command, { type: 'schedule', start: 0, continues: false, tempo: 120 });
  assert.equal(
    (JSON.parse(messages) as TimedMessage[]).map((m) => [m.t, m.d[1]]),
    [
      [250, 60],
      [350, 60],
      [0, 62],
      [100, 62],
    ],
    'the first moved back by the 250 ms the later shift adds',
  );
  gathering.settle(Promise.resolve<ScheduleAnswer>({ firstDue: 1250, shift: 1000, position: 40 }));
  assert.equal(await first, { firstDue: 1250, shift: 750, position: 40 });
  assert.equal(await second, { firstDue: 1000, shift: 1000, position: 40 });
});

test('a refusal fails every batch; a gathering takes batches of one performer and tempo up to a chunk', async () => {
  const gathering = new GatheredSchedule(performer, undefined);
  const batches = [gathering.add(0, 0, arrayBatch(note(0, 60))), gathering.add(0, 0, arrayBatch(note(0, 62)))];
  assert.is(gathering.size, 2);
  assert.ok(gathering.takes(performer, undefined, CHUNK - 4));
  assert.not.ok(gathering.takes(performer, undefined, CHUNK - 3), 'more than a chunk');
  assert.not.ok(gathering.takes(another, undefined, 2), 'another performer');
  assert.not.ok(gathering.takes(performer, 90, 2), 'another tempo');
  gathering.settle(Promise.reject(new Error('refused')));
  for (const batch of batches) await batch.then(() => assert.unreachable('answered'), (error: Error) => assert.is(error.message, 'refused'));
});

test.run();
