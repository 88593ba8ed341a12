import { constants } from 'node:os';

/**
 * A performer's nice value where it may raise it (its main thread, and its session's CPU group):
 * above the server's, so that a playing session's notes go out ahead of the evaluations the
 * server answers (src/performer/playing-priority.ts; real-time on top where allowed).
 */
export const PLAYING_PRIORITY = constants.priority.PRIORITY_HIGH;

/**
 * The server's where it may raise it: above its clients' (a REPL, an editor, a benchmark's 200
 * connections), below its performers' (src/processes/serving-priority.ts).
 */
export const SERVING_PRIORITY = constants.priority.PRIORITY_ABOVE_NORMAL;

/**
 * A performer's real-time priority (SCHED_RR) where it may have one (src/processes/real-time.ts):
 * above the server's, so that a note due goes out ahead of an evaluation; low among real-time
 * threads, below audio servers' (PipeWire's, JACK's), whose deadlines are shorter.
 */
export const PLAYING_REAL_TIME = 2;

/**
 * The server's event loop's, the lowest there is: still ahead of every ordinary thread (under
 * load, the clients', its own V8 helpers', the machine's), whose turns it otherwise waited for
 * (bench/README.md, "Load (session 9)"); below its performers'.
 */
export const SERVING_REAL_TIME = 1;
