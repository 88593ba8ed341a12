import type { GatedLaunch } from '../client/launch-server.js';
import { loadEarlyLaunch } from './early-launch-bundle.js';
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
  // With no server running, one is booting already, held (src/cli/early-launch.ts).
  const launch = loadEarlyLaunch().takeEarlyLaunch();
  // A browser that is not there is said before any server is asked (or started).
  const sink = sinkOrRefusal(options);
  if (!sink) {
    launch?.cancel();
    return;
  }
  let input: ScoreInput | undefined;
  try {
    input = readScoreInput(options);
    if (launch) await checkThenGo(launch, input, options);
  } catch (error) {
    launch?.cancel();
    reportError(error, input?.text, input?.name);
    return;
  }
  const { playScore } = await import('./play-score.js');
  await playScore(input, options, sink, launch?.server);
}

/**
 * With no server (no state file, or a stale one: its process is gone), the score is checked here,
 * so that one the server would refuse starts no server (the caller cancels the launch), and the
 * server held meanwhile is let start. Without one, the running server checks the score itself,
 * with the same message (evaluating a big score here too would double the wait for its first note).
 */
async function checkThenGo(launch: GatedLaunch, input: ScoreInput, options: PlayOptions): Promise<void> {
  await checkPlayable(input, options);
  launch.go();
  // Its failure is heard when the client connects to it, once loaded; not an unhandled rejection meanwhile.
  launch.server.catch(() => undefined);
}
