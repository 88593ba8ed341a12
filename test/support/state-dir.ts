import { rmSync } from 'node:fs';
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
