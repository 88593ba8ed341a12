import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readServerState } from '../../src/protocol/state-file.js';

/** Removes a test's state dir, killing first the server it names: a test that failed may have left one running. */
export function removeStateDir(dir: string): void {
  const state = readServerState(dir);
  if (state) {
    try {
      process.kill(state.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** The processes running for a state dir (their environment names it): its server, their performers, a command. From /proc (Linux). */
export function processesOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`ALDA_LIVE_STATE_DIR=${dir}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}
