import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnPerformer } from '../../src/server/spawn-performer.js';
import { waitFor } from '../pipeline/harness.js';

test('a performer plays its warm-up score through its loop before any session, and no sink of a session gets any of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-warm-up-'));
  const traces = join(dir, 'traces');
  const record = join(dir, 'record.jsonl');
  const saved = { trace: process.env.ALDA_LIVE_LOOP_TRACE, record: process.env.ALDA_LIVE_RECORD };
  // The trace (src/performer/loop-trace.ts) shows the warm-up as the performer's first play; the
  // recorder every session's sinks would have, were the warm-up played through them.
  process.env.ALDA_LIVE_LOOP_TRACE = traces;
  process.env.ALDA_LIVE_RECORD = record;
  // No server there: the performer keeps trying to connect, and warms up meanwhile.
  const child = spawnPerformer({ url: 'ws://127.0.0.1:9', token: 'token', worker: 'performer-test', launch: { engine: 'node' }, pageCode: () => '', log: () => {} });
  try {
    const file = await waitFor('the warm-up to be played', () => existsSync(traces) && readdirSync(traces)[0], 30_000);
    const steps = readFileSync(join(traces, file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => (JSON.parse(line) as { step: string }).step);
    // 500 notes and a part's set-up, every one sent (to the sink that keeps nothing), with the loop's pauses between.
    assert.is(steps.filter((step) => step === 'send').length, 1003);
    // One a burst on a quiet machine; a busy one wakes the loop past some deadlines, which it then does not pause for.
    assert.ok(steps.filter((step) => step === 'pause').length > 100, `${steps.filter((step) => step === 'pause').length} pauses`);
    assert.not.ok(existsSync(record), 'nothing reached a recording');
  } finally {
    process.env.ALDA_LIVE_LOOP_TRACE = saved.trace;
    process.env.ALDA_LIVE_RECORD = saved.record;
    if (saved.trace === undefined) delete process.env.ALDA_LIVE_LOOP_TRACE;
    if (saved.record === undefined) delete process.env.ALDA_LIVE_RECORD;
    child.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
