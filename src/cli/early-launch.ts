import { launchGated, type GatedLaunch } from '../client/launch-server.js';
import { readServerState, stateDir, stateProcessAlive } from '../protocol/state-file.js';

let early: GatedLaunch | undefined;

/**
 * `alda-live play` with no server running (no state file, or a stale one): its server, and the
 * performer beside it, start before the command line is read at all (Node's ES module loader,
 * commander and every command's options take a while to load: src/cli/start.ts), held as
 * `launchGated` holds them. The play takes it
 * (`takeEarlyLaunch`), and starts or cancels it once the score is checked; anything that ends
 * the command first (`--help`, a bad option, a refused sink) cancels it as this process exits:
 * nothing has listened or been written then.
 */
export function launchEarly(): void {
  const dir = stateDir();
  const state = readServerState(dir);
  if (state && stateProcessAlive(state)) return;
  early = launchGated(dir, state?.pid);
  process.once('exit', () => early?.cancel());
}

/** The launch `launchEarly` started, once: from then on it is the caller's to start or cancel. */
export function takeEarlyLaunch(): GatedLaunch | undefined {
  const launch = early;
  early = undefined;
  return launch;
}
