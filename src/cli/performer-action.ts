import { spawn } from 'node:child_process';
import { performerScript } from '../processes/performer-script.js';
import { filterStderr } from '../processes/stderr-filter.js';

export interface PerformerOptions {
  readonly connect?: string;
  readonly port?: string;
  readonly record?: string;
  readonly lookahead: number;
  readonly session?: string;
  readonly tokenFile?: string;
}

/** Runs `alda-live performer` (loaded only when that command runs). */
export async function runPerformer(options: PerformerOptions): Promise<void> {
  // JZZ and libasound print to fd 2; run the performer with its stderr filtered.
  const { command, args } = performerScript();
  const flags = ['--lookahead', String(options.lookahead)];
  if (options.connect) flags.push('--connect', options.connect);
  if (options.port) flags.push('--port', options.port);
  if (options.record) flags.push('--record', options.record);
  if (options.session) flags.push('--session', options.session);
  if (options.tokenFile) flags.push('--token-file', options.tokenFile);
  const child = spawn(command, [...args, ...flags], { stdio: ['inherit', 'inherit', 'pipe'] });
  filterStderr(child.stderr!, (line) => process.stderr.write(line + '\n'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  process.exitCode = code;
}
