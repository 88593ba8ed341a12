import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { SinkOptions } from '../protocol/messages.js';
import { wholeNumber } from './option-values.js';

/** The flags that say where and in time with what a session plays: on play, repl, watch (and server, as its default). */
export interface SinkFlags {
  readonly port?: string;
  readonly record?: string;
  readonly link?: boolean;
  readonly quantum?: number;
  readonly clockOut?: string;
}

/** `--link`, `--quantum` and `--clock-out` (docs/ensemble.md). */
export function addEnsembleOptions(command: Command): Command {
  return command
    .option('--link', 'play in time with the Ableton Link session on the local network (docs/ensemble.md)')
    .addOption(new Option('--quantum <beats>', "with --link: the bar that starts and swaps land on, in beats (1–64)").argParser(wholeNumber(1, 64)).default(undefined, '4'))
    .option('--clock-out <port>', 'send MIDI clock (24 per beat), start, stop and song position to this MIDI output');
}

/** The sink a session is asked for: `--record` (or ALDA_LIVE_RECORD) as an absolute path, since the performer runs elsewhere. */
export function sinkOptions(flags: SinkFlags): SinkOptions {
  const record = flags.record ?? (process.env.ALDA_LIVE_RECORD || undefined);
  return {
    port: flags.port,
    record: record === undefined ? undefined : resolve(record),
    link: flags.link === true ? { quantum: flags.quantum ?? 4 } : undefined,
    clockOut: flags.clockOut,
  };
}
