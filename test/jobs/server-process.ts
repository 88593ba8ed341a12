import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect, type Client } from '../../src/client/client.js';
import { readServerState } from '../../src/protocol/state-file.js';
import { waitFor } from '../pipeline/harness.js';

/** The built server (`npm test` builds dist/ first): it and its workers start in a fraction of tsx's time. */
const entry = resolve(import.meta.dirname, '../../dist/server/entry.cjs');

/** A real server process for a state dir, in a process group of its own with its workers (its performers in groups of their own): kill -9 takes them all. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly client: Client;
  /** kill -9 of the server and every process it started; resolves once the server is gone. */
  crash(): Promise<void>;
}

const started = new Set<ChildProcess>();
// Whatever happens to a test, no server or worker outlives this process.
process.once('exit', () => {
  for (const child of started) killGroup(child);
});

export async function startServerProcess(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(process.execPath, [entry, '--port', '0'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ALDA_LIVE_STATE_DIR: dir, ...env },
  });
  closeSync(log);
  started.add(child);
  try {
    await waitFor('the server to write its state file', () => readServerState(dir)?.pid === child.pid, 60_000);
  } catch (error) {
    killGroup(child);
    throw new Error(`${(error as Error).message}; its log:\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}`);
  }
  const client = await connect({ stateDir: dir, start: false, timeout: 10_000 });
  return {
    child,
    client,
    crash: async () => {
      client.close();
      const exited = new Promise((done) => child.once('exit', done));
      killGroup(child);
      await exited;
      started.delete(child);
    },
  };
}

/** Stops a server that is still up, whatever state the test left it in. */
export async function stopServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  await server.crash();
}

/**
 * kill -9 of the server's process group, and first of each process it started, with that one's
 * group: its performers lead sessions (so process groups) of their own.
 */
function killGroup(child: ChildProcess): void {
  for (const pid of [...childrenOf(child.pid!), child.pid!]) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already, or not a group's leader (a worker in the server's group, which goes with it).
    }
  }
}

/** The pids of a process's children, from /proc (Linux): what each of its threads started. */
function childrenOf(pid: number): number[] {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      // A thread, or the process, that ended meanwhile.
      return '';
    }
  };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => read(`/proc/${pid}/task/${tid}/children`).split(' ').filter(Boolean).map(Number));
}
