/**
 * What a REPL user waits for, through the REPL's own session code (src/repl/live-session.ts), a
 * server started as the REPL starts one (detached, in a fresh state dir) and its performer:
 *
 *   1. the first line of a session (the server and a performer already up, the session new);
 *   2. Enter → reply for 100 one-note lines on a warm, silent session, and how far after the
 *      server took each line its note was placed (`firstDue − position`: the lookahead, where
 *      Alda waits 500 ms).
 *
 * Prints figures; asserts nothing. Run: node --import tsx bench/repl.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/client/client.js';
import { LiveSession } from '../src/repl/live-session.js';
import { readServerState } from '../src/protocol/state-file.js';
import { quantile } from './quantiles.js';

const dir = mkdtempSync(join(tmpdir(), 'alda-live-bench-repl-'));
const ms = (value: number) => `${value.toFixed(2)} ms`;

try {
  const warmup = new LiveSession({ session: 'warmup', connect: () => connect({ stateDir: dir }), sink: { record: join(dir, 'warmup.jsonl') } });
  let started = performance.now();
  await warmup.open();
  console.log(`server started and joined: ${ms(performance.now() - started)}`);
  started = performance.now();
  await warmup.evaluate('piano: c32');
  console.log(`first line of the first session (its performer opened): ${ms(performance.now() - started)}`);

  const session = new LiveSession({ session: 'bench', connect: () => connect({ stateDir: dir }), sink: { record: join(dir, 'bench.jsonl') } });
  await session.open();
  started = performance.now();
  await session.evaluate('piano: c32');
  console.log(`first line of a second session: ${ms(performance.now() - started)}`);

  const replies: number[] = [];
  const placed: number[] = [];
  for (let i = 0; i < 100; i++) {
    // Each line once the last has played, so that it plays at once rather than queueing behind it.
    while (await session.isPlaying());
    started = performance.now();
    const outcome = await session.evaluate('c64');
    replies.push(performance.now() - started);
    if (outcome.ok && typeof outcome.result.firstDue === 'number' && typeof outcome.result.position === 'number') {
      placed.push(outcome.result.firstDue - outcome.result.position);
    }
  }
  console.log(`Enter → reply, 100 lines: p50 ${ms(quantile(replies, 0.5))}, p99 ${ms(quantile(replies, 0.99))}, max ${ms(Math.max(...replies))}`);
  console.log(`note placed after the server took the line: p50 ${ms(quantile(placed, 0.5))}, p99 ${ms(quantile(placed, 0.99))} (Alda: 500 ms)`);
  warmup.close();
  session.close();
} finally {
  const state = readServerState(dir);
  if (state) process.kill(state.pid, 'SIGTERM');
  setTimeout(() => rmSync(dir, { recursive: true, force: true }), 2000).unref();
}
