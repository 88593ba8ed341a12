import type { Command } from 'commander';
import type { ReplOptions } from './repl-action.js';

export function registerRepl(program: Command): void {
  program
    .command('repl')
    .description('the alda> prompt: type Alda and hear it at once, in a session of the server (started if none is running)')
    .option('-s, --session <name>', 'the session to join; terminals in one session share one score', 'repl')
    .option('--port <name>', 'MIDI output to play through (`alda-live ports`); without it, the built-in synth')
    .option('--record <file>', 'append every MIDI message played to FILE as JSON lines (also ALDA_LIVE_RECORD)')
    .action(async (options: ReplOptions) => {
      const { runRepl } = await import('./repl-action.js');
      await runRepl(options);
    });
}
