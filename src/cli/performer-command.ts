import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { ourScript } from '../processes/our-script.js';
import { filterStderr } from '../processes/stderr-filter.js';
import { lookahead, serverUrl } from './option-values.js';

export function registerPerformer(program: Command): void {
  program
    .command('performer')
    .description('run a performer that connects to the server as a worker (the server starts its own; this is for another machine or a chosen port)')
    .option('--connect <url>', 'server address (default: from the state file; the token comes from ALDA_LIVE_TOKEN or the state file)', serverUrl)
    .option('--port <name>', 'MIDI output to play through (`alda-live ports` lists them)')
    .option('--record <file>', 'append every MIDI message sent to FILE as JSON lines (also ALDA_LIVE_RECORD)')
    .option('--lookahead <ms>', 'how far ahead new events are placed (0–10000)', lookahead, 10)
    .action(async (options: { connect?: string; port?: string; record?: string; lookahead: number }) => {
      // JZZ and libasound print to fd 2; run the performer with its stderr filtered.
      const { command, args } = ourScript('../performer/entry', import.meta.url);
      const flags = ['--lookahead', String(options.lookahead)];
      if (options.connect) flags.push('--connect', options.connect);
      if (options.port) flags.push('--port', options.port);
      if (options.record) flags.push('--record', options.record);
      const child = spawn(command, [...args, ...flags], { stdio: ['inherit', 'inherit', 'pipe'] });
      filterStderr(child.stderr!, (line) => process.stderr.write(line + '\n'));
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
      const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
      process.exitCode = code;
    });
}
