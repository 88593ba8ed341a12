import { readFileSync, writeFileSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/**
 * The server's priority where it may raise it: above its clients' (a REPL, an editor, a benchmark's
 * 200 connections), below its performers' (PRIORITY_HIGH, and real-time where allowed), so that
 * a playing session's notes still go out ahead of the evaluations the server answers.
 */
const SERVING_PRIORITY = constants.priority.PRIORITY_ABOVE_NORMAL;

/**
 * Asks the OS to run the server's event loop ahead of its clients: under load an eval's answer
 * waits mostly for the server's turn on a CPU (bench/README.md). On Linux with `sched_autogroup`,
 * CPU time is shared between sessions' groups whatever the nice value of a thread, so a server
 * that leads a session of its own (started detached, as clients start it) raises its group's
 * nice value (/proc/self/autogroup): its score threads and workers stay below its event loop
 * within it (they lower themselves). Otherwise (a server run in a terminal, whose group is the
 * terminal's, or no autogroup) only its main thread is raised. Where it is not allowed (no root,
 * no CAP_SYS_NICE or nice limit), or its user started it lower (`nice -n 10`), it does nothing.
 */
export function raiseServingPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    if (getPriority(0) > 0) return;
    const group = leadsItsSession() ? autogroupNice() : undefined;
    if (group !== undefined) {
      if (group > SERVING_PRIORITY) writeFileSync('/proc/self/autogroup', String(SERVING_PRIORITY));
    } else if (getPriority(0) > SERVING_PRIORITY) setPriority(0, SERVING_PRIORITY);
  } catch {
    // Not allowed: it serves at the priority it has.
  }
}

/** Whether this process leads its session (proc(5): the session id is stat's field 6). */
function leadsItsSession(): boolean {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return Number(fields[6 - 3]) === process.pid;
}

/** The nice value of this process's autogroup ("/autogroup-42 nice 0"), or undefined where there is none (autogroup off). */
function autogroupNice(): number | undefined {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return undefined;
    const nice = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1];
    return nice === undefined ? undefined : Number(nice);
  } catch {
    return undefined;
  }
}
