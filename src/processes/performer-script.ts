import { ourScript } from './our-script.js';

/**
 * How to run the performer process (src/performer/entry) as a script: as `ourScript` would, with
 * garbage collection done on its main thread alone. V8 collects with helper threads and waits for
 * them; a performer's helper threads are ordinary ones, and on a busy machine a real-time
 * performer waited 20–30 ms for them in scavenges that take 1–4 ms on one thread (bench:timing).
 */
export function performerScript(): { command: string; args: string[] } {
  const { command, args } = ourScript('../performer/entry', import.meta.url);
  return { command, args: [...args.slice(0, -1), '--single-threaded-gc', args.at(-1)!] };
}
