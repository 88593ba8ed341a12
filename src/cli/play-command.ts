import { Option, type Command } from 'commander';
import type { PlayOptions } from './play-action.js';
import { addEnsembleOptions, sinkFlags } from './sink-flags.js';

export function registerPlay(program: Command): void {
  const command = addEnsembleOptions(program.command('play'))
    .description('play a score through the server (started, detached, if none is running)')
    .addOption(new Option('-f, --file <file>', 'the score file to play').conflicts('code'))
    .option('-c, --code <code>', 'Alda code to play')
    .option('-F, --from <where>', 'start at mm:ss or a marker')
    .option('-T, --to <where>', 'stop at mm:ss or a marker')
    .option('--wait', 'return once playback has finished, not once it is scheduled; Ctrl-C silences it')
    .addHelpText('after', '\nWith neither -f nor -c, the score is read from standard input.');
  sinkFlags(command, 'append every MIDI message sent to FILE as JSON lines (also ALDA_LIVE_RECORD)').action(async (options: PlayOptions) => {
      // Loaded when run: the score is checked here before a server is asked (or started).
      const { runPlay } = await import('./play-action.js');
      await runPlay(options);
    });
}
