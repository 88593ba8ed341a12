import { ourScript } from './our-script.js';

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

/** How to run the performer process as `ourScript` would (in the build, its CommonJS start: src/performer/start.ts), with PERFORMER_V8_FLAGS. */
export function performerScript(): { command: string; args: string[] } {
  const { command, args } = ourScript('../performer/entry', import.meta.url, '../performer/start.cjs');
  return { command, args: [...args.slice(0, -1), ...PERFORMER_V8_FLAGS, args.at(-1)!] };
}
