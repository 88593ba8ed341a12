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
