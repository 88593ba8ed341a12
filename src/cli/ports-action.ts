import { spawn } from 'node:child_process';
import { performerScript } from '../processes/performer-script.js';
import { filterStderr } from '../processes/stderr-filter.js';

/** Runs `alda-live ports` (loaded only when that command runs). */
export async function runPorts(): Promise<void> {
  // Asked in a child process, so that libasound's warnings can be filtered off our screen.
  const { command, args } = performerScript();
  const child = spawn(command, [...args, '--list-ports'], { stdio: ['ignore', 'pipe', 'pipe'] });
  filterStderr(child.stderr!, (line) => process.stderr.write(line + '\n'));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  const outputs = out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; manufacturer: string });
  if (code !== 0) process.exitCode = code;
  else if (outputs.length === 0) process.stdout.write('No MIDI outputs found; without --port, `alda-live play` uses the built-in synth\n');
  else for (const o of outputs) process.stdout.write(`${o.name}${o.manufacturer ? ` (${o.manufacturer})` : ''}\n`);
}
