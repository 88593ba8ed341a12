import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { ourScript } from '../processes/our-script.js';
import { performerScript } from '../processes/performer-script.js';
import { raiseLaunchedPerformer, raiseLaunchedServer } from '../processes/serving-priority.js';
import { readServerState, type ServerState } from '../protocol/state-file.js';

/** The server did not come up. */
export class LaunchError extends Error {
  readonly code = 'ALDA_SERVER_START_FAILED';
}

/** Ms a started server has to write its state file. */
const LAUNCH_TIMEOUT = 15_000;

/**
 * Starts a server for `dir`, detached, so that it outlives the command that started it (the
 * next command reuses it), and resolves with its state once it has written the state file.
 * Its output goes to `server.log` in the state dir. `stalePid` is the pid of a dead server whose
 * state file may still be there.
 */
export function launchServer(dir: string, stalePid?: number, timeout = LAUNCH_TIMEOUT): Promise<ServerState> {
  return startServer(dir, stalePid, timeout, false).server;
}

/** A server process started before it may run: `go` lets it start, `cancel` ends it before it has listened or written anything. */
export interface GatedLaunch {
  readonly server: Promise<ServerState>;
  go(): void;
  cancel(): void;
}

/**
 * Starts a server's process at once, held before it listens until `go` (see `--after-go` in
 * src/server/entry.ts): Node boots meanwhile, while the caller checks the score; a score that
 * fails its check is `cancel`led, and no server has started for it. `stalePid` as for `launchServer`.
 */
export function launchGated(dir: string, stalePid?: number): GatedLaunch {
  return startServer(dir, stalePid, LAUNCH_TIMEOUT, true);
}

function startServer(dir: string, stalePid: number | undefined, timeout: number, gated: boolean): GatedLaunch {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logPath = join(dir, 'server.log');
  const newLog = !existsSync(logPath);
  const log = openSync(logPath, 'a', 0o600);
  const { command, args } = ourScript('../server/entry', import.meta.url, '../server/entry.cjs');
  const env = { ...process.env, ALDA_LIVE_STATE_DIR: dir };
  // Its first performer first: of the two, the one a cold play waited for last.
  const performer = startPerformerBeside(env);
  let child: ChildProcess;
  try {
    // fds 3 and 4: the performer's pipes (`--adopt-performer`).
    child = spawn(command, [...args, '--adopt-performer', ...(gated ? ['--after-go'] : [])], {
      detached: true,
      stdio: [gated ? 'pipe' : 'ignore', log, log, performer.stdin, performer.stderr],
      env,
    });
  } finally {
    closeSync(log);
    // Only the two of them hold the pipes now: without a server the performer sees its stdin end, and leaves.
    performer.stdin.destroy();
    performer.stderr.destroy();
  }
  // Both spawned (a performer raised first would keep this process from spawning the server), both raised.
  if (child.pid !== undefined) raiseLaunchedServer(child.pid);
  if (performer.pid !== undefined) raiseLaunchedPerformer(performer.pid);
  child.unref();
  // The pipe is ours until the server has read its one byte: it must not hold this process open.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const { state: server, stop } = awaitState(dir, child, stalePid, timeout);
  return {
    server,
    go: () => child.stdin?.end('y'),
    cancel() {
      server.catch(() => undefined);
      // Nothing to wait for: the server ends at its pipe's end, the performer beside it at its own.
      stop();
      child.stdin?.end();
      // Held, it has written nothing: a log it would have been the first to write goes too.
      if (newLog && statSync(logPath, { throwIfNoEntry: false })?.size === 0) rmSync(logPath, { force: true });
    },
  };
}

/**
 * Starts the server's first performer, beside it, so that the two processes boot at once instead
 * of one after the other (src/server/adopted-performer.ts): its stdin and stderr are pipes that
 * become the server's fds 3 and 4, held by only the two of them once ours are closed. It is
 * detached too: a Ctrl-C in this terminal must not reach it.
 */
function startPerformerBeside(env: NodeJS.ProcessEnv): { pid: number | undefined; stdin: Socket; stderr: Socket } {
  const { command, args } = performerScript();
  const performer = spawn(command, [...args, '--server-stdin'], { detached: true, stdio: ['pipe', 'ignore', 'pipe'], env });
  performer.unref();
  return { pid: performer.pid, stdin: performer.stdin as Socket, stderr: performer.stderr as Socket };
}

/** The state the server writes, once it has; `stop` gives up waiting (the launch was cancelled). */
function awaitState(dir: string, child: ChildProcess, stalePid: number | undefined, timeout: number): { state: Promise<ServerState>; stop(): void } {
  const started = (): ServerState | undefined => {
    const state = readServerState(dir);
    return state && state.pid !== stalePid ? state : undefined;
  };
  let stop!: () => void;
  const state = new Promise<ServerState>((resolve, reject) => {
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
    stop = () => finish(new LaunchError('The launch was cancelled'));
    check();
  });
  return { state, stop };
}
