import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseQuant, QuantError } from '../live/quant.js';
import { sessionName, usageError } from './option-values.js';
import type { WatchOptions } from './watch-action.js';
import { addEnsembleOptions, sinkFlags } from './sink-flags.js';

export function registerWatch(program: Command): void {
  const command = addEnsembleOptions(program.command('watch'))
    .description('play FILE, and again on every save from any editor; with --live, loop its parts and swap the ones that change')
    .argument('<file>', 'the score file to watch')
    .option('--live', 'live mode: every part loops on one transport; a changed part swaps at its next boundary')
    .option('--quant <when>', 'live mode: where changes take effect: beat, bar (4 beats), loop (default) or N beats', quant)
    .addOption(new Option('-F, --from <where>', 'not live: play each save from mm:ss or a marker').conflicts('live'))
    .addOption(
      new Option('--transform <step>', 'not live: send each replay through a transformer (a broker service, e.g. swing=0.6; see plugins/); repeat it for a chain')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
        .conflicts('live'),
    )
    .option('--session <name>', 'join (or start) the session NAME (default: a fresh session of its own)', sessionName);
  sinkFlags(command, 'append every MIDI message sent to FILE as JSON lines (also ALDA_LIVE_RECORD)').action(async (file: string, flags: WatchFlags, command: Command) => {
      if (flags.quant !== undefined && !flags.live) usageError(command, '--quant is for --live');
      // The chain is read here, not as the flag is parsed: its steps are checked by the protocol's
      // schema, and zod is not for every command to load.
      const { parseTransformChain } = await import('../client/transform-chain.js');
      const transform = flags.transform && parseTransformChain(flags.transform.join(' | '));
      if (typeof transform === 'string') usageError(command, `--transform: ${transform}`);
      const { runWatch } = await import('./watch-action.js');
      await runWatch(file, { ...flags, transform });
    });
}

/** The command line's options: each `--transform` as typed. */
type WatchFlags = Omit<WatchOptions, 'transform'> & { readonly transform?: string[] };

/** Checked here, so that a bad quantum is refused before the server is asked; the server reads it again. */
function quant(value: string): string {
  try {
    parseQuant(value);
  } catch (error) {
    if (error instanceof QuantError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return value;
}
