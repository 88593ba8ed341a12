import { spawn, type ChildProcess } from 'node:child_process';
import { ourScript } from '../processes/our-script.js';
import { filterStderr } from '../processes/stderr-filter.js';

export interface SpawnPerformerOptions {
  readonly url: string;
  readonly token: string;
  readonly worker: string;
  readonly lookahead?: number | undefined;
  readonly outputLatency?: number | undefined;
  /** Where the performer's own stderr lines go, once ALSA's noise is taken out. */
  readonly log: (line: string) => void;
}

/** Starts a performer process that connects back to us as worker `worker`. */
export function spawnPerformer(options: SpawnPerformerOptions): ChildProcess {
  const { command, args } = ourScript('../performer/entry', import.meta.url);
  const flags = ['--connect', options.url, '--worker', options.worker, '--parent-pid', String(process.pid)];
  if (options.lookahead !== undefined) flags.push('--lookahead', String(options.lookahead));
  if (options.outputLatency !== undefined) flags.push('--output-latency', String(options.outputLatency));
  const child = spawn(command, [...args, ...flags], {
    env: { ...process.env, ALDA_LIVE_TOKEN: options.token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  filterStderr(child.stderr!, options.log);
  return child;
}
