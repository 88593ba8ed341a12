import { ourScript } from './our-script.js';

/**
 * V8 flags of the performer process. On a busy machine its main thread (real-time where allowed)
 * waited for V8's helper threads, which are ordinary ones and wait their turn for a CPU:
 * - in garbage collection, done with helpers: scavenges of 1–4 ms took 20–30 ms; on the main
 *   thread alone they take what they take;
 * - for optimized code compiled on a helper thread: installing it interrupts the main thread's
 *   pause before a deadline (`Atomics.wait`), which then came back 5–50 ms late. Compiled on the
 *   main thread instead, a function that turns hot costs a few ms there, once.
 * Max lateness at load 10–17 on 2 cores (bench:timing, two pairs): 14–16 ms with the helpers,
 * 4.5–6.6 ms (one run 47) without.
 */
const PERFORMER_V8_FLAGS = ['--single-threaded-gc', '--no-concurrent-recompilation'];

/** How to run the performer process (src/performer/entry) as a script: as `ourScript` would, with PERFORMER_V8_FLAGS. */
export function performerScript(): { command: string; args: string[] } {
  const { command, args } = ourScript('../performer/entry', import.meta.url);
  return { command, args: [...args.slice(0, -1), ...PERFORMER_V8_FLAGS, args.at(-1)!] };
}
