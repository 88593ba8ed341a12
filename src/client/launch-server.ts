import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, watch } from 'node:fs';
import { join } from 'node:path';
import { ourScript } from '../processes/our-script.js';
import { readServerState, type ServerState } from '../protocol/state-file.js';

/** The server did not come up. */
export class LaunchError extends Error {
  readonly code = 'ALDA_SERVER_START_FAILED';
}

/**
 * Starts a server for `dir`, detached, so that it outlives the command that started it (the
 * next command reuses it), and resolves with its state once it has written the state file.
 * Its output goes to `server.log` in the state dir. `stalePid` is the pid of a dead server whose
 * state file may still be there.
 */
export async function launchServer(dir: string, stalePid?: number, timeout = 15_000): Promise<ServerState> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const log = openSync(join(dir, 'server.log'), 'a', 0o600);
  const { command, args } = ourScript('../server/entry', import.meta.url);
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir },
  });
  closeSync(log);
  child.unref();
  const started = (): ServerState | undefined => {
    const state = readServerState(dir);
    return state && state.pid !== stalePid ? state : undefined;
  };
  return new Promise((resolve, reject) => {
    const watcher = watch(dir, () => check());
    const timer = setTimeout(() => finish(new LaunchError(`The server did not start within ${timeout / 1000} s; see ${join(dir, 'server.log')}`)), timeout);
    // A watch can miss a rename on some file systems: look now and then too.
    const poll = setInterval(() => check(), 50);
    const onExit = (code: number | null) => {
      // Another client may have started the server first: then ours exits, and theirs is the one.
      const state = started();
      finish(state ?? new LaunchError(`The server exited (${code}) before it was ready; see ${join(dir, 'server.log')}`));
    };
    child.once('exit', onExit);
    function check(): void {
      const state = started();
      if (state) finish(state);
    }
    function finish(outcome: ServerState | Error): void {
      watcher.close();
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    }
    check();
  });
}
