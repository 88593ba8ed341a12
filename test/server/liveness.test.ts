import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Backoff } from '../../src/protocol/backoff.js';
import { Liveness } from '../../src/protocol/liveness.js';

function clocked() {
  const clock = { time: 0 };
  const liveness = new Liveness({ interval: 1000, liveness: 3, now: () => clock.time });
  return { clock, liveness };
}

/** Runs the checks at these times; the verdicts come after the loop's I/O, as in a real check. */
async function deadAt(liveness: Liveness, clock: { time: number }, times: number[], between?: (t: number) => void): Promise<number[]> {
  const dead: number[] = [];
  for (const t of times) {
    clock.time = t;
    liveness.check(() => dead.push(t));
    between?.(t);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return dead;
}

test('a peer silent for 3 intervals is dead; anything it sends keeps it alive', async () => {
  const { clock, liveness } = clocked();
  assert.equal(await deadAt(liveness, clock, [1000, 2000]), []);
  clock.time = 2500;
  liveness.seen();
  assert.equal(await deadAt(liveness, clock, [3000, 4000, 5000, 5500]), [5500]);
});

test('a check after our loop was blocked reads what the peer sent meanwhile before judging it', async () => {
  const { clock, liveness } = clocked();
  // The messages that arrived while we were blocked are read after the timer that checks, before the verdict.
  assert.equal(await deadAt(liveness, clock, [10_000], () => liveness.seen()), []);
  assert.equal(await deadAt(liveness, clock, [11_000, 12_000]), []);
  assert.equal(await deadAt(liveness, clock, [13_000]), [13_000]);
});

test('in a browser (no setImmediate: the performer page) a silent peer is found dead too', async () => {
  const { clock, liveness } = clocked();
  const immediate = globalThis.setImmediate;
  Reflect.deleteProperty(globalThis, 'setImmediate');
  try {
    clock.time = 3000;
    const dead = await new Promise<boolean>((resolve, reject) => {
      try {
        liveness.check(() => resolve(true));
      } catch (error) {
        reject(error as Error);
      }
      setTimeout(() => resolve(false), 50);
    });
    assert.ok(dead);
  } finally {
    globalThis.setImmediate = immediate;
  }
});

test('a heartbeat is due after half an interval without sending, so a peer checked once an interval hears from us each interval', () => {
  const { clock, liveness } = clocked();
  clock.time = 499;
  assert.not.ok(liveness.heartbeatDue());
  clock.time = 500;
  assert.ok(liveness.heartbeatDue());
  liveness.sent();
  assert.not.ok(liveness.heartbeatDue());
  // Something went out just after a check: the next check, one interval on, sends a heartbeat.
  clock.time = 1010;
  liveness.sent();
  clock.time = 2000;
  assert.ok(liveness.heartbeatDue());
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
