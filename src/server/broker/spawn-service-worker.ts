import { spawn, type ChildProcess } from 'node:child_process';
import { ourScript } from '../../processes/our-script.js';
import { filterStderr } from '../../processes/stderr-filter.js';

export interface SpawnServiceWorkerOptions {
  readonly url: string;
  readonly token: string;
  readonly service: string;
  readonly worker: string;
  /** The heartbeat interval in ms, when not the default: both ends of a link must agree on it. */
  readonly heartbeat?: number | undefined;
  readonly log: (line: string) => void;
}

/** Starts one of our worker processes (src/workers/entry.ts), which connects back as `worker` of `service`. */
export function spawnServiceWorker(options: SpawnServiceWorkerOptions): ChildProcess {
  const { command, args } = ourScript('../../workers/entry', import.meta.url);
  const flags = ['--connect', options.url, '--service', options.service, '--worker', options.worker, '--parent-pid', String(process.pid)];
  if (options.heartbeat !== undefined) flags.push('--heartbeat', String(options.heartbeat));
  const child = spawn(command, [...args, ...flags], {
    env: { ...process.env, ALDA_LIVE_TOKEN: options.token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  filterStderr(child.stderr!, options.log);
  return child;
}
