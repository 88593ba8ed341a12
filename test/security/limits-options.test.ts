import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Budget, checkScoreLength, DEFAULT_BUDGET, DEFAULT_SCORE_LENGTH } from '../../src/lisp/budget.js';
import { ConnectionGuard, peekId } from '../../src/server/limits/connection-guard.js';
import { RateLimit } from '../../src/server/limits/rate-limit.js';
import { checkBinding, RemoteBindingError } from '../../src/server/limits/remote-binding.js';
import { DEFAULT_LIMITS, serverLimits, type ServerLimits } from '../../src/server/limits/server-limits.js';

const test = suite('limit options');

test('every server limit has its documented default', () => {
  assert.equal(serverLimits(), {
    maxPayload: 16 * 1024 * 1024,
    maxConnections: 256,
    maxWorkerConnections: 64,
    maxSessions: 32,
    maxQueuedRequests: 32,
    maxBufferedBytes: 64 * 1024 * 1024,
    maxSessionEvents: 4_000_000,
    maxSessionText: 16 * 1024 * 1024,
    messageRate: 200,
    messageBurst: 400,
  });
  assert.ok(DEFAULT_LIMITS.maxPayload < 100 * 1024 * 1024, "far below ws's 100 MiB default");
});

for (const name of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
  test(`a bad ${name} is a TypeError naming it (1/2: the value)`, () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, '5', null]) {
      assert.throws(() => serverLimits({ [name]: bad }), (error: Error) => error instanceof TypeError && error.message.startsWith(`The ${name} option`));
    }
  });
  test(`a bad ${name} is a TypeError naming it (2/2: the smallest good value is taken)`, () => {
    assert.is(serverLimits({ [name]: 1 })[name], 1);
  });
}

for (const name of Object.keys(DEFAULT_BUDGET) as (keyof typeof DEFAULT_BUDGET)[]) {
  test(`a bad budget ${name} is a TypeError naming it`, () => {
    assert.throws(() => new Budget({ [name]: 0 }), (error: Error) => error instanceof TypeError && error.message.startsWith(`The ${name} option`));
  });
}

test('score length: the limit itself is allowed, one more character is refused where it passes', () => {
  checkScoreLength('x'.repeat(10), 10);
  try {
    checkScoreLength('x'.repeat(11), 10);
    assert.unreachable();
  } catch (error) {
    assert.is((error as { code: string }).code, 'BUDGET_LENGTH');
    assert.equal((error as { span: unknown }).span, { start: 10, end: 11 });
  }
  assert.is(DEFAULT_SCORE_LENGTH, 1_048_576);
  assert.throws(() => checkScoreLength('', 0), (error: Error) => error instanceof TypeError && /maxLength/.test(error.message));
});

test('repeats: the limit itself is allowed, one more is refused', () => {
  const budget = new Budget({ repeats: 5 });
  budget.repeat(5, undefined);
  assert.throws(() => budget.repeat(6, { start: 1, end: 2 }), (error: Error) => (error as { code?: string }).code === 'BUDGET_REPEATS');
});

test('rate limit: a burst at once, then one a tick of the refill', () => {
  let now = 0;
  const rate = new RateLimit(10, 3, () => now);
  assert.equal([rate.take(), rate.take(), rate.take(), rate.take()], [true, true, true, false]);
  now += 99;
  assert.is(rate.take(), false, 'not yet a whole token');
  now += 1;
  assert.is(rate.take(), true);
  assert.is(rate.take(), false);
  now += 10_000;
  assert.equal([rate.take(), rate.take(), rate.take(), rate.take()], [true, true, true, false], 'refills up to the burst, no further');
});

test('connection guard: floods are refused, then called flooding past a burst of refusals within a second', () => {
  let now = 0;
  const guard = new ConnectionGuard(serverLimits({ messageRate: 1, messageBurst: 2 }), () => now);
  assert.is(guard.arrive(), undefined);
  assert.is(guard.arrive(), undefined);
  assert.is(guard.arrive()?.code, 'ALDA_RATE_LIMITED');
  guard.arrive();
  assert.is(guard.flooding, false, 'two refusals: a burst, not more');
  now = 1500;
  assert.is(guard.arrive(), undefined, 'a token came back');
  guard.arrive();
  guard.arrive();
  assert.is(guard.flooding, false, 'a new second, a new count');
  guard.arrive();
  assert.is(guard.flooding, true);
});

test('connection guard: requests in progress are capped, and finishing frees a slot', () => {
  const guard = new ConnectionGuard(serverLimits({ maxQueuedRequests: 2 }));
  assert.is(guard.begin(), undefined);
  assert.is(guard.begin(), undefined);
  assert.is(guard.begin()?.code, 'ALDA_TOO_MANY_REQUESTS');
  guard.finish();
  assert.is(guard.begin(), undefined);
  assert.is(guard.inProgress, 2);
});

test('peekId reads a plain id from the first bytes, and nothing else', () => {
  assert.is(peekId('{"v":1,"type":"ping","id":"c:1"}'), 'c:1');
  assert.is(peekId('{"id" : "a b"}'), 'a b');
  assert.is(peekId('{"type":"ping"}'), undefined);
  assert.is(peekId(' '.repeat(2000) + '{"id":"late"}'), undefined);
  assert.is(peekId('{"id":"' + 'x'.repeat(300) + '"}'), undefined);
});

test('binding: loopback always, anything else only when allowed', () => {
  for (const host of ['127.0.0.1', '::1', 'localhost']) checkBinding(host, undefined);
  for (const host of ['0.0.0.0', '::', '192.168.1.2', '127.0.0.2']) {
    assert.throws(() => checkBinding(host, undefined), (error: Error) => error instanceof RemoteBindingError && error.code === 'ALDA_REMOTE_NOT_ALLOWED');
    checkBinding(host, true);
  }
});

test.run();
