import { readdirSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/**
 * The OS priority (nice value) of work nobody waits on to the millisecond: score evaluation,
 * compiles, renders. Below a performer's, so that on a busy machine the performer's wake-ups win
 * the CPU and its notes go out on time; lowering needs no privileges.
 */
const BACKGROUND_PRIORITY = constants.priority.PRIORITY_BELOW_NORMAL;

/**
 * Lowers the calling thread (a worker thread of the server) to BACKGROUND_PRIORITY. On Linux a
 * nice value belongs to a thread, and `setPriority(0, n)` sets the caller's; elsewhere it would
 * lower the whole process, the server's event loop with it, so there it does nothing.
 */
export function lowerThisThread(): void {
  if (process.platform === 'linux') lower(0);
}

/**
 * Lowers the whole process to BACKGROUND_PRIORITY: on Linux each of its threads (node's own,
 * started before any of our code, included), and the threads it starts later follow the one that
 * starts them.
 */
export function lowerThisProcess(): void {
  if (process.platform !== 'linux') return lower(0);
  for (const tid of readdirSync('/proc/self/task')) lower(Number(tid));
}

/** Never raises: a process its user started lower (`nice -n 15`) stays there. */
function lower(id: number): void {
  try {
    setPriority(id, Math.max(getPriority(id), BACKGROUND_PRIORITY));
  } catch {
    // A thread that ended meanwhile, or an OS that refuses: it runs at the priority it has.
  }
}
