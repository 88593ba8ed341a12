import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { anyText, between, integerFrom, object, text } from './field-checks.js';

/**
 * Where a running server says where it is: `server.json` in the state dir, readable by the user
 * only, since it holds the per-launch token that every connection must present.
 */
export const STATE_FILE = 'server.json';

/** `$ALDA_LIVE_STATE_DIR`, else `$XDG_STATE_HOME/alda-live`, else `~/.local/state/alda-live`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALDA_LIVE_STATE_DIR) return env.ALDA_LIVE_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'alda-live');
  return join(homedir(), '.local', 'state', 'alda-live');
}

export interface ServerState {
  readonly pid: number;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** At least 16 characters. */
  readonly token: string;
  readonly startedAt: string;
}

/**
 * What a server's state holds, checked by hand with the protocol's field checks, not with a
 * schema: every process reads this file, the performer among them, which loads no schema library.
 * A pid is above 0: signalling pid 0 or -1 would reach a whole process group, or every process.
 */
const isServerState = object({
  pid: integerFrom(1),
  url: anyText,
  host: anyText,
  port: between(0, 65535, true),
  token: text(16, Infinity),
  startedAt: anyText,
});

/** Writes the state file atomically (a reader never sees half of it), mode 0600 in a 0700 dir. */
export function writeServerState(dir: string, state: ServerState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, STATE_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** The state a server left, or undefined when there is none or it cannot be read. */
export function readServerState(dir: string): ServerState | undefined {
  let raw: string;
  try {
    raw = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(raw) as ServerState;
    return isServerState(state, '') === undefined ? { pid: state.pid, url: state.url, host: state.host, port: state.port, token: state.token, startedAt: state.startedAt } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process a state file names is still there. One that is not left a stale file (it
 * was killed, or the machine restarted): no server answers for it, and a client need not ask. A
 * live pid may still be another program's, reused: only asking its port says.
 */
export function stateProcessAlive(state: ServerState): boolean {
  try {
    process.kill(state.pid, 0);
    return true;
  } catch (error) {
    // Another user's process: alive, not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the state file if it is still the one this process wrote. */
export function removeServerState(dir: string, pid = process.pid): void {
  if (readServerState(dir)?.pid === pid) rmSync(join(dir, STATE_FILE), { force: true });
}

/** Where a component connects, and with what token. */
export interface ServerLocation {
  readonly url: string;
  readonly token: string;
}

/**
 * How every component finds its server (docs/protocol.md, "Connecting"): `url` and `token` when
 * given (flags, `{url}` and `{token_file}` of a manifest), else `ALDA_LIVE_URL` and `ALDA_LIVE_TOKEN`,
 * else the state file of `ALDA_LIVE_STATE_DIR` (or the default state dir). Asked again at each
 * reconnection: a restarted server has a new token, maybe a new port.
 */
export function locateServer(given: { url?: string | undefined; token?: string | undefined } = {}, env: NodeJS.ProcessEnv = process.env): ServerLocation | undefined {
  const fixed = { url: given.url ?? (env.ALDA_LIVE_URL || undefined), token: given.token ?? (env.ALDA_LIVE_TOKEN || undefined) };
  const state = fixed.url !== undefined && fixed.token !== undefined ? undefined : readServerState(stateDir(env));
  const url = fixed.url ?? state?.url;
  const token = fixed.token ?? state?.token;
  return url === undefined || token === undefined ? undefined : { url, token };
}
