import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { EvalFailure } from '../../src/server/session/evaluator.js';
import type { Evaluated } from '../../src/server/session/evaluator.js';
import { LOCAL_CHARS, SessionScore, stopScoreThreads, ThreadScore } from '../../src/server/session/thread-score.js';

const test = suite('ThreadScore: a score evaluated in a score thread, as in process');

/** What an evaluation says, its messages as objects. */
const plain = ({ messages, ...rest }: Evaluated) => ({ ...rest, messages: messages.slice() });

test('the same events, messages and failures as in process, incrementally, with revert', async () => {
  const inThread = new ThreadScore();
  const inProcess = new EngineScore();
  try {
    for (const input of [{ code: `piano: (tempo 132) o3 ${'c8 d e f g a b '.repeat(30)}`, name: 'big.alda' }, { code: 'c8 d e' }, { code: '%m e f @m g', from: 'm' }]) {
      const ours = await inThread.evaluate(input);
      const theirs = inProcess.evaluate(input);
      assert.equal(plain(ours), plain(theirs));
      assert.is(ours.messages.json(0, 256), JSON.stringify(theirs.messages.slice(0, 256)), 'the JSON made in the thread is what the messages say');
      assert.is(inThread.size, inProcess.size);
    }
    inThread.revert();
    inProcess.revert();
    assert.is(inThread.size, inProcess.size);
    const after = { code: 'a b' };
    assert.equal(plain(await inThread.evaluate(after)), plain(inProcess.evaluate(after)), 'the thread took the evaluation back too');
    for (const bad of [{ code: 'c d\n  e ]' }, { code: 'e f', from: 'nowhere' }]) {
      const expected = (() => {
        try {
          inProcess.evaluate(bad);
        } catch (error) {
          return error as EvalFailure;
        }
      })()!;
      const failed = await inThread.evaluate(bad).then(
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

test('a session score stays on the event loop while cheap, and moves to a thread, with what it took, at its first dear evaluation', async () => {
  const session = new SessionScore();
  const inProcess = new EngineScore();
  try {
    const same = async (input: { code: string }) => assert.equal(plain(await session.evaluate(input)), plain(inProcess.evaluate(input)), input.code.slice(0, 40));
    await same({ code: 'piano: (tempo 90) o3 c8 d e' });
    await same({ code: 'riff = [f g a]' });
    session.revert();
    inProcess.revert();
    await same({ code: 'riff = [f g a b]' });
    assert.not.ok(session.threaded, 'cheap evaluations are made in process');
    // Short text, thousands of notes: past the cheap budget, though far within the engine's.
    await same({ code: 'riff*2000' });
    assert.ok(session.threaded, 'it moved to a thread');
    await same({ code: `${'c16 '.repeat(LOCAL_CHARS / 4)} riff` });
    assert.is(session.size, inProcess.size);
    assert.equal(await session.check({ code: 'riff*' }), inProcess.check({ code: 'riff*' }));
  } finally {
    session.dispose();
  }
});

test('a later evaluation of hundreds of thousands of notes evaluates: its start is found without a call of as many arguments', () => {
  const score = new EngineScore();
  score.evaluate({ code: 'piano: c' });
  const evaluated = score.evaluate({ code: 'r4 [c64]*150000' });
  assert.is(evaluated.events, 150_000);
  assert.is(evaluated.start, 1000, 'from its first note, after the rest');
});

/** Runs `body` as a module of its own process, with the score threads' module imported as `threads`. */
function runWithThreads(body: string) {
  const script = `import * as threads from ${JSON.stringify(new URL('../../src/server/session/thread-score.ts', import.meta.url).href)};\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
}

test('the score thread does not keep a process alive: one that has evaluated a score ends when its work is done', () => {
  const run = runWithThreads(`
    const score = new threads.ThreadScore();
    await score.evaluate({ code: 'piano: c d e' });
    console.log('evaluated');
  `);
  assert.is(run.stdout.trim(), 'evaluated', run.stderr);
  assert.is(run.signal, null, 'it had to be killed: something kept it alive');
  assert.is(run.status, 0, run.stderr);
});

test('stopping a thread holds the process until the thread has ended, though an answer comes in meanwhile', () => {
  const run = runWithThreads(`
    const score = new threads.ThreadScore();
    await score.evaluate({ code: 'piano: c d e' });
    score.revert();
    // This thread sleeps while the score thread answers the take-back, so that the answer is read once the stop
    // has begun (were the score thread not to answer within the sleep, the stop would end it first).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    await threads.stopScoreThreads();
    console.log('stopped');
  `);
  assert.is(run.stdout.trim(), 'stopped', `the process ended before the thread did (${run.status})${run.stderr}`);
  assert.is(run.status, 0, run.stderr);
});

test('a score whose thread ended is made again in the next thread from what it took, a take-back left out', async () => {
  const inThread = new ThreadScore();
  const inProcess = new EngineScore();
  try {
    for (const input of [{ code: 'piano: (tempo 100) o4 c4 d e f' }, { code: 'g a' }]) {
      await inThread.evaluate(input);
      inProcess.evaluate(input);
    }
    inThread.revert();
    inProcess.revert();
    await stopScoreThreads();
    const next = { code: 'b > c' };
    assert.equal(plain(await inThread.evaluate(next)), plain(inProcess.evaluate(next)), 'it goes on where the score was, not from an empty score');
    inThread.revert();
    inProcess.revert();
    await stopScoreThreads();
    inThread.revert();
    assert.equal(await inThread.check({ code: 'c d\n  e ]' }), inProcess.check({ code: 'c d\n  e ]' }));
    const last = { code: 'd e' };
    assert.equal(plain(await inThread.evaluate(last)), plain(inProcess.evaluate(last)));
  } finally {
    inThread.dispose();
  }
});

test.run();
