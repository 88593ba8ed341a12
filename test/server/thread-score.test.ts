import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { EvalFailure } from '../../src/server/session/evaluator.js';
import { OFF_THREAD_CHARS, sessionScore, ThreadScore } from '../../src/server/session/thread-score.js';

const test = suite('ThreadScore: a big score evaluated in the score thread, as in process');

test('a first evaluation past the threshold gets a score in the thread; a smaller one, in process', () => {
  assert.instance(sessionScore({ code: 'piano: c' }), EngineScore);
  assert.instance(sessionScore(), EngineScore);
  const big = sessionScore({ code: 'c '.repeat(OFF_THREAD_CHARS) });
  assert.instance(big, ThreadScore);
  big.dispose?.();
});

test('the same events, messages and failures as in process, incrementally, with revert', async () => {
  const inThread = new ThreadScore();
  const inProcess = new EngineScore();
  try {
    for (const input of [{ code: `piano: (tempo 132) o3 ${'c8 d e f g a b '.repeat(30)}`, name: 'big.alda' }, { code: 'c8 d e' }, { code: '%m e f @m g', from: 'm' }]) {
      const ours = await (await inThread.prepare(input)).commit();
      assert.equal(ours, inProcess.evaluate(input));
      assert.is(inThread.size, inProcess.size);
    }
    inThread.revert();
    inProcess.revert();
    assert.is(inThread.size, inProcess.size);
    const after = { code: 'a b' };
    assert.equal(await (await inThread.prepare(after)).commit(), inProcess.evaluate(after), 'the thread took the evaluation back too');
    for (const bad of [{ code: 'c d\n  e ]' }, { code: 'e f', from: 'nowhere' }]) {
      const expected = (() => {
        try {
          inProcess.evaluate(bad);
        } catch (error) {
          return error as EvalFailure;
        }
      })()!;
      const failed = await inThread
        .prepare(bad)
        .then((prepared) => prepared.commit())
        .then(
          () => assert.unreachable('it evaluated'),
          (error: unknown) => error,
        );
      assert.instance(failed, EvalFailure);
      assert.equal([(failed as EvalFailure).code, (failed as EvalFailure).message, (failed as EvalFailure).span], [expected.code, expected.message, expected.span]);
    }
    assert.is(inThread.size, inProcess.size, 'a failure leaves it as it was');
    assert.equal(await inThread.check({ code: 'c d\n  e ]' }), inProcess.check({ code: 'c d\n  e ]' }));
  } finally {
    inThread.dispose();
  }
});

test('the score thread does not keep a process alive: one that has evaluated a score ends when its work is done', () => {
  const script = `
    import { ThreadScore } from ${JSON.stringify(new URL('../../src/server/session/thread-score.ts', import.meta.url).href)};
    const score = new ThreadScore();
    await (await score.prepare({ code: 'piano: c d e' })).commit();
    console.log('evaluated');
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.is(run.stdout.trim(), 'evaluated', run.stderr);
  assert.is(run.signal, null, 'it had to be killed: something kept it alive');
  assert.is(run.status, 0, run.stderr);
});

test.run();
