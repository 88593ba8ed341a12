/**
 * A benchmark's server and its performers, as processes: waiting for them, finding them in /proc,
 * and ending them, so that no benchmark leaves one running.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../src/client/client.js';

/** The server's entry point in a build's dist/ (`dist`): entry.cjs since session 8, entry.js in a build before it. */
export function serverEntry(dist: string): string {
  const entry = join(dist, 'server', 'entry.cjs');
  return existsSync(entry) ? entry : join(dist, 'server', 'entry.js');
}

export async function until<T>(what: string, fact: () => T | undefined | false, timeout = 120_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = fact();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends the server a benchmark started in DIR, if it still runs: by request, then by signal. */
export async function shutdownServer(dir: string): Promise<void> {
  const stateFile = join(dir, 'server.json');
  if (!existsSync(stateFile)) return;
  const { pid } = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number };
  const client = await connect({ stateDir: dir, start: false }).catch(() => undefined);
  await client?.request('shutdown', {}, { attempts: 1 }).catch(() => undefined);
  client?.close();
  const gone = await until('the server to exit', () => !existsSync(stateFile), 10_000).catch(() => false);
  if (!gone) kill(pid);
  // Its performers follow it; any that has not within a few seconds is ended here, and said.
  const left = await until('its performers to exit', () => childrenOf(pid).length === 0, 5_000).catch(() => false);
  if (left !== false) return;
  for (const child of childrenOf(pid)) {
    console.log(`(a performer of the server, pid ${child}, was still running after it: ended)`);
    kill(child);
  }
}

export function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The processes a server started (they are told `--parent-pid PID`), found in /proc. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').includes(`--parent-pid ${pid}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The wall time of `node -e 0` now, the median of three: what a command's start is compared with. */
export async function nodeStart(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', resolve));
    times.push(performance.now() - started);
  }
  return median(times);
}

/** What `ps` answers, the part the benchmarks read. */
export interface Ps {
  server: { pid: number; rss: number };
  sessions: unknown[];
  performers: { pid: number; rss: number | null; state: string }[];
}

/**
 * Waits until the server in DIR is idle with its spare performer ready (no session, every performer
 * a spare): "warm" is a server as a user finds it a moment after a play, not while its spare starts.
 */
export async function settled(dir: string, timeout = 20_000): Promise<Ps> {
  const client = await connect({ stateDir: dir, start: false });
  try {
    const ps = async () => (await client.request('ps')) as Ps;
    const idle = (p: Ps) => p.sessions.length === 0 && p.performers.length > 0 && p.performers.every((w) => w.state === 'spare');
    let last = await ps();
    for (const deadline = Date.now() + timeout; !idle(last) && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      last = await ps();
    }
    return last;
  } finally {
    client.close();
  }
}
