import type { Command } from 'commander';
import type { ReplOptions } from './repl-action.js';
import { sessionName } from './option-values.js';
import { addEnsembleOptions, sinkFlags } from './sink-flags.js';

export function registerRepl(program: Command): void {
  const command = addEnsembleOptions(program.command('repl'))
    .description('the alda> prompt: type Alda and hear it at once, in a session of the server (started if none is running)')
    .option('-s, --session <name>', 'join (or start) the session NAME: terminals in one session share one score (default: a fresh session of its own)', sessionName);
  sinkFlags(command, 'append every MIDI message played to FILE as JSON lines (also ALDA_LIVE_RECORD)').action(async (options: ReplOptions) => {
      // A prompt on a terminal is interactive even where CI is set in the environment; Ink
      // reads CI when it loads and would then draw only its last frame, at exit.
      if (process.stdin.isTTY && process.stdout.isTTY) {
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
      }
      const { runRepl } = await import('./repl-action.js');
      await runRepl(options);
    });
}
