import { Option, type Command } from 'commander';
import { wholeNumber } from './option-values.js';
import { PERFORMER_ENGINES, type PerformerEngine } from '../protocol/performer-engine.js';

/** The flags that say where and in time with what a session plays: on play, repl, watch (and server, as its default). */
export interface SinkFlags {
  readonly port?: string;
  readonly record?: string;
  readonly link?: boolean;
  readonly quantum?: number;
  readonly clockOut?: string;
  readonly engine?: PerformerEngine;
  readonly headed?: boolean;
  readonly browser?: string;
}

/** `--link`, `--quantum` and `--clock-out` (docs/ensemble.md). */
export function addEnsembleOptions(command: Command): Command {
  return command
    .option('--link', 'play in time with the Ableton Link session on the local network (docs/ensemble.md)')
    .addOption(new Option('--quantum <beats>', "with --link: the bar that starts and swaps land on, in beats (1–64)").argParser(wholeNumber(1, 64)).default(undefined, '4'))
    .option('--clock-out <port>', 'send MIDI clock (24 per beat), start, stop and song position to this MIDI output');
}

/** Adds --port, --record, --engine, --headed and --browser to a command. */
export function sinkFlags(command: Command, recordHelp: string): Command {
  return command
    .option('--port <name>', 'MIDI output to play through (`alda-live ports`); without it, the built-in synth')
    .option('--record <file>', recordHelp)
    .addOption(engineOption())
    .option('--headed', 'with --engine browser: show the browser window')
    .option('--browser <path>', 'with --engine browser: the Chromium to start (default: chromium or google-chrome on PATH)');
}

/** `--engine node|browser`, for the commands that play and for `server` (what its spare performers play with). */
export function engineOption(): Option {
  return new Option('--engine <engine>', 'what plays: node (the built-in synth or --port) or browser (Web Audio in headless Chromium)').choices(PERFORMER_ENGINES);
}
