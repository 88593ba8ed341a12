import { availableParallelism, getPriority, setPriority } from 'node:os';
import { PLAYING_PRIORITY, SERVING_PRIORITY, SERVING_REAL_TIME } from './priorities.js';
import { raiseToRealTime } from './real-time.js';
import { raiseSessionGroup } from './session-group.js';

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

/**
 * Makes the server's event loop real-time (SCHED_RR at SERVING_REAL_TIME) where allowed, on a
 * machine of more than one CPU, once it serves: under load an eval's answer otherwise waits for
 * the turns of every ordinary thread on the machine (bench:load, 2 cores: its loop waited 1.0–1.3 s
 * runnable in 10 s, then 0.3). Only the main thread, which routes messages and evaluates small
 * scores (bigger ones go to a score thread, which stays ordinary); its performers rank above it.
 * Not at start: chrt is a child forked, a few ms that a cold `play` would wait for.
 */
export function raiseServingToRealTime(): void {
  // On one CPU a real-time server under a flood of requests would leave the rest of the machine
  // (the user's editor, shell) only what the kernel holds back from real-time threads, 5%.
  if (process.platform !== 'linux' || availableParallelism() < 2) return;
  try {
    // Started lower by its user (`nice -n 10`): it stays where it was put.
    if (getPriority(0) > 0) return;
  } catch {
    return;
  }
  raiseToRealTime(SERVING_REAL_TIME);
}

/**
 * A server process a client has just launched, detached (src/client/launch-server.ts), raised as
 * `raiseServingPriority` raises it, from the moment it is spawned: a cold `play` waits for it to
 * boot Node and read its code, while the client and the performer started beside it boot too
 * (the server raises itself only once Node has booted). Where not allowed, or where it was
 * started lower (its client runs under `nice`), it does nothing.
 */
export function raiseLaunchedServer(pid: number): void {
  raiseLaunched(pid, SERVING_PRIORITY);
}

/**
 * The server's first performer, launched beside it by the same client, raised as it raises itself
 * once booted (src/performer/playing-priority.ts: its group at PLAYING_PRIORITY, above the server's),
 * from the moment it is spawned: a cold `play` waits for it to connect as well.
 */
export function raiseLaunchedPerformer(pid: number): void {
  raiseLaunched(pid, PLAYING_PRIORITY);
}

function raiseLaunched(pid: number, nice: number): void {
  if (process.platform !== 'linux') return;
  try {
    if (getPriority(pid) > 0) return;
    raiseSessionGroup(nice, pid);
  } catch {
    // Not allowed, or gone already: it raises itself, where it may.
  }
}
