import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { PLAYING_PRIORITY } from '../processes/priorities.js';
import { raiseSessionGroup } from '../processes/session-group.js';

/**
 * The real-time priority asked for (SCHED_RR): the lowest there is, which is still above every
 * ordinary process, and below audio servers' (PipeWire's, JACK's), whose deadlines are shorter.
 */
const REAL_TIME_PRIORITY = 1;

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
  if (!realTimeAllowed()) return;
  // Node has no call for a scheduling policy; util-linux's chrt sets it from outside, at once.
  const chrt = spawn('chrt', ['--rr', '--reset-on-fork', '--pid', String(REAL_TIME_PRIORITY), String(process.pid)], { stdio: 'ignore' });
  chrt.on('error', () => undefined);
  chrt.unref();
}

/** CAP_SYS_NICE's bit in a capability set: it allows any scheduling policy. */
const CAP_SYS_NICE = 23n;

/** Whether this process may ask for REAL_TIME_PRIORITY (Linux only: elsewhere there is no chrt). */
function realTimeAllowed(): boolean {
  if (process.platform !== 'linux') return false;
  if (process.getuid?.() === 0) return true;
  try {
    const effective = /^CapEff:\s+([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (effective !== undefined && ((BigInt(`0x${effective}`) >> CAP_SYS_NICE) & 1n) === 1n) return true;
    const limit = /^Max realtime priority\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return limit === 'unlimited' || Number(limit) >= REAL_TIME_PRIORITY;
  } catch {
    return false;
  }
}
