import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CAP_SYS_NICE's bit in a capability set: it allows any scheduling policy. */
const CAP_SYS_NICE = 23n;

/**
 * Whether this process may make a thread real-time at `priority` (Linux only: elsewhere there is
 * no chrt): as root, with CAP_SYS_NICE, or under a real-time limit of the user's at least that
 * high (as audio users are given).
 */
function realTimeAllowed(priority: number): boolean {
  if (process.platform !== 'linux') return false;
  if (process.getuid?.() === 0) return true;
  try {
    const effective = /^CapEff:\s+([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (effective !== undefined && ((BigInt(`0x${effective}`) >> CAP_SYS_NICE) & 1n) === 1n) return true;
    const limit = /^Max realtime priority\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return limit === 'unlimited' || Number(limit) >= priority;
  } catch {
    return false;
  }
}

/**
 * Makes the main thread of this process (the one its event loop runs on) real-time, SCHED_RR at
 * `priority`, where allowed; quietly nothing elsewhere. Node has no call for a scheduling policy:
 * util-linux's chrt sets it from outside, a child forked at once that the caller does not wait for.
 * `--reset-on-fork`: the threads and processes it starts later (workers, V8's, performers) are
 * ordinary ones, not real-time by inheritance.
 */
export function raiseToRealTime(priority: number): void {
  if (!realTimeAllowed(priority)) return;
  const chrt = spawn('chrt', ['--rr', '--reset-on-fork', '--pid', String(priority), String(process.pid)], { stdio: 'ignore' });
  chrt.on('error', () => undefined);
  chrt.unref();
}
