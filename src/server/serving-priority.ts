import { constants, getPriority, setPriority } from 'node:os';
import { raiseSessionGroup } from '../processes/session-group.js';

/**
 * The server's priority where it may raise it: above its clients' (a REPL, an editor, a benchmark's
 * 200 connections), below its performers' (PRIORITY_HIGH, and real-time where allowed), so that
 * a playing session's notes still go out ahead of the evaluations the server answers.
 */
const SERVING_PRIORITY = constants.priority.PRIORITY_ABOVE_NORMAL;

/**
 * Asks the OS to run the server's event loop ahead of its clients: under load an eval's answer
 * waits mostly for the server's turn on a CPU (bench/README.md). A server that leads a session of
 * its own (started detached, as clients start it) raises its session's CPU group on Linux: its
 * score threads and workers stay below its event loop within it (they lower themselves).
 * Otherwise (a server run in a terminal, whose group is the terminal's, or no autogroup) only its
 * main thread is raised. Where it is not allowed (no root, no CAP_SYS_NICE or nice limit), or its
 * user started it lower (`nice -n 10`), it does nothing.
 */
export function raiseServingPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    if (getPriority(0) > 0) return;
    if (!raiseSessionGroup(SERVING_PRIORITY) && getPriority(0) > SERVING_PRIORITY) setPriority(0, SERVING_PRIORITY);
  } catch {
    // Not allowed: it serves at the priority it has.
  }
}
