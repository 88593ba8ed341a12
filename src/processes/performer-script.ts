import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * V8 flags of the performer process. On a busy machine its main thread (real-time where allowed)
 * waited for V8's helper threads, which are ordinary ones and wait their turn for a CPU: in
 * garbage collection, done with helpers, scavenges of 1–4 ms took 20–30 ms; on the main thread
 * alone they take what they take.
 * Optimized code stays compiled on a helper thread: compiled on the main thread, each function
 * that turns hot stopped the performer 10–13 ms, at the same messages of every play (2000 notes,
 * quiet, seven runs: max lateness 11–28 ms, median 13; with the helper 0.75–18, median 3.2, p99
 * 0.04–1.65 ms against 0.58–1.14). Under load 10–17 the helper's compile, finished while the
 * main thread paused before a deadline, made that pause come back 5–50 ms late; on a quiet
 * machine, where music is played, the helper wins.
 */
export const PERFORMER_V8_FLAGS: readonly string[] = ['--single-threaded-gc'];

/**
 * How to run the performer process, with the flags this process was started with (as `ourScript`
 * does) and PERFORMER_V8_FLAGS: in the build its CommonJS start (src/performer/start.ts), from
 * sources (under tsx) src/performer/entry.ts.
 */
export function performerScript(): { command: string; args: string[] } {
  const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
  const script = fileURLToPath(new URL(fromSources ? '../performer/entry.ts' : '../performer/start.cjs', import.meta.url));
  return { command: process.execPath, args: [...process.execArgv, ...PERFORMER_V8_FLAGS, script] };
}
