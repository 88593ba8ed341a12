import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
 * Whether a parsed file is a server's state. Checked by hand, not with a schema: every process
 * reads this file, the performer among them, which loads no schema library.
 */
function isServerState(value: unknown): value is ServerState {
  if (typeof value !== 'object' || value === null) return false;
  const { pid, url, host, port, token, startedAt } = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(pid) &&
    typeof url === 'string' &&
    typeof host === 'string' &&
    Number.isSafeInteger(port) &&
    typeof token === 'string' &&
    token.length >= 16 &&
    typeof startedAt === 'string'
  );
}

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
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state: unknown = JSON.parse(text);
    return isServerState(state) ? { pid: state.pid, url: state.url, host: state.host, port: state.port, token: state.token, startedAt: state.startedAt } : undefined;
  } catch {
    return undefined;
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
