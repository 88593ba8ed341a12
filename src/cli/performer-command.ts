import type { Command } from 'commander';
import type { PerformerOptions } from './performer-action.js';
import { lookahead, serverUrl, sessionName } from './option-values.js';

export function registerPerformer(program: Command): void {
  program
    .command('performer')
    .description('run a performer that connects to the server as a worker (the server starts its own; this is for another machine or a chosen port)')
    .option('--connect <url>', 'server address (default: from the state file; the token comes from ALDA_LIVE_TOKEN or the state file)', serverUrl)
    .option('--port <name>', 'MIDI output to play through (`alda-live ports` lists them)')
    .option('--record <file>', 'append every MIDI message sent to FILE as JSON lines (also ALDA_LIVE_RECORD)')
    .option('--lookahead <ms>', 'how far ahead new events are placed (0–10000); the server\'s --lookahead, when given, wins', lookahead, 10)
    .option('--session <name>', 'serve only this session (by default: any new session, before the server\'s own performers)', sessionName)
    .option('--token-file <file>', 'read the token from FILE (default: ALDA_LIVE_TOKEN, or the state file)')
    .action(async (options: PerformerOptions) => {
      const { runPerformer } = await import('./performer-action.js');
      await runPerformer(options);
    });
}
