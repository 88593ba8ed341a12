import { setPriority } from 'node:os';
import { PLAYING_PRIORITY, PLAYING_REAL_TIME } from '../processes/priorities.js';
import { raiseToRealTime } from '../processes/real-time.js';
import { raiseSessionGroup } from '../processes/session-group.js';

/**
 * Asks the OS to run the performer ahead of ordinary processes, as audio software does: on a busy
 * machine a performer that waits for a CPU plays late. Where it is allowed (root, CAP_SYS_NICE, or
 * a real-time limit of the user's, as audio users are given), its main thread, the one the
 * scheduler runs on, becomes real-time: it wakes on time whatever else runs, where nice −14 wakes
 * no sooner than any thread of the machine's (on a busy 2-core machine, p99 5–15 ms late: nice
 * ranks a thread only within its session's group, see bench/README.md). Threads and processes it
 * starts later (the synth's, the Link clock's) are not real-time. A performer that leads its session
 * (the server's are started so) raises that group to nice −14 too: its other threads (V8's
 * compiler, whose finished work its main thread waits to take in) then rank above the server's
 * group (nice −7 where allowed, src/processes/serving-priority.ts), not below it. Where neither is
 * allowed, this quietly does nothing.
 */
export function raisePriority(): void {
  try {
    setPriority(PLAYING_PRIORITY);
    raiseSessionGroup(PLAYING_PRIORITY);
  } catch {
    // Not allowed: play at normal priority.
  }
  raiseToRealTime(PLAYING_REAL_TIME);
}
