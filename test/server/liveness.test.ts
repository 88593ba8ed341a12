import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Backoff } from '../../src/protocol/backoff.js';
import { Liveness } from '../../src/protocol/liveness.js';

function clocked() {
  const clock = { time: 0 };
  const liveness = new Liveness({ interval: 1000, liveness: 3, now: () => clock.time });
  return { clock, liveness };
}

test('a peer silent for 3 intervals is dead; anything it sends keeps it alive', () => {
  const { clock, liveness } = clocked();
  for (const t of [1000, 2000]) {
    clock.time = t;
    assert.not.ok(liveness.expired());
  }
  clock.time = 2500;
  liveness.seen();
  clock.time = 3000;
  assert.not.ok(liveness.expired());
  for (const t of [4000, 5000]) {
    clock.time = t;
    assert.not.ok(liveness.expired());
  }
  clock.time = 5500;
  assert.ok(liveness.expired());
});

test('a check that comes late (our loop was blocked) does not condemn the peer', () => {
  const { clock, liveness } = clocked();
  clock.time = 10_000;
  assert.not.ok(liveness.expired());
  clock.time = 11_000;
  assert.not.ok(liveness.expired());
});

test('a heartbeat is due only when nothing was sent for an interval', () => {
  const { clock, liveness } = clocked();
  clock.time = 999;
  assert.not.ok(liveness.heartbeatDue());
  clock.time = 1000;
  assert.ok(liveness.heartbeatDue());
  liveness.sent();
  assert.not.ok(liveness.heartbeatDue());
});

test('reconnection backoff doubles from 1 s to 32 s and resets', () => {
  const backoff = new Backoff();
  assert.equal(Array.from({ length: 8 }, () => backoff.next()), [1000, 2000, 4000, 8000, 16000, 32000, 32000, 32000]);
  backoff.reset();
  assert.is(backoff.next(), 1000);
});

test('bad options are refused with a TypeError naming them', () => {
  assert.throws(() => new Liveness({ liveness: 0 }), /`liveness`/);
  assert.throws(() => new Liveness({ interval: -1 }), /`interval`/);
  assert.throws(() => new Backoff(0), /`initial`/);
});

test.run();
