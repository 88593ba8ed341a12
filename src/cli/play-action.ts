import { launchGated } from '../client/launch-server.js';
import { readServerState, stateDir, stateProcessAlive, type ServerState } from '../protocol/state-file.js';
import { checkPlayable } from './play-check.js';
import { reportError } from './report-error.js';
import type { SinkFlags } from './sink-flags.js';
import { sinkOrRefusal } from './sink-options.js';
import { readScoreInput, type ScoreInput, type ScoreInputOptions } from './score-input.js';

export interface PlayOptions extends ScoreInputOptions, SinkFlags {
  readonly from?: string;
  readonly to?: string;
  readonly wait?: boolean;
}

/**
 * Runs `alda-live play` (loaded only when that command runs; the engine comes only when no server
 * is running to check the score). A server this command starts is started before the client
 * (ws, zod) is loaded: it starts up meanwhile.
 */
export async function runPlay(options: PlayOptions): Promise<void> {
  // A browser that is not there is said before any server is asked (or started).
  const sink = sinkOrRefusal(options);
  if (!sink) return;
  let input: ScoreInput | undefined;
  let launched: { readonly server: Promise<ServerState> } | undefined;
  try {
    input = readScoreInput(options);
    launched = await launchChecked(input, options);
  } catch (error) {
    reportError(error, input?.text, input?.name);
    return;
  }
  const { playScore } = await import('./play-score.js');
  await playScore(input, options, sink, launched?.server);
}

/**
 * With no server (no state file, or a stale one: its process is gone), the score is checked here,
 * so that one the server would refuse starts no server, and a server is started. Otherwise
 * undefined: the running server checks the score itself, with the same message (evaluating a big
 * score here too would double the wait for its first note).
 */
async function launchChecked(input: ScoreInput, options: PlayOptions): Promise<{ readonly server: Promise<ServerState> } | undefined> {
  const dir = stateDir();
  const state = readServerState(dir);
  if (state && stateProcessAlive(state)) return undefined;
  // Node boots the server's process while the score is checked here; it starts once the score passes.
  const launch = launchGated(dir, state?.pid);
  try {
    await checkPlayable(input, options);
  } catch (error) {
    launch.cancel();
    throw error;
  }
  launch.go();
  // Its failure is heard when the client connects to it, once loaded; not an unhandled rejection meanwhile.
  launch.server.catch(() => undefined);
  return { server: launch.server };
}
