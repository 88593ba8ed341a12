import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { findBrowser } from '../processes/find-browser.js';
import type { SinkOptions } from '../protocol/messages.js';
import { wholeNumber } from './option-values.js';

/** The flags that say where and in time with what a session plays: on play, repl, watch (and server, as its default). */
export interface SinkFlags {
  readonly port?: string;
  readonly record?: string;
  readonly link?: boolean;
  readonly quantum?: number;
  readonly clockOut?: string;
  readonly engine?: 'node' | 'browser';
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
  return new Option('--engine <engine>', 'what plays: node (the built-in synth or --port) or browser (Web Audio in headless Chromium)').choices(['node', 'browser']);
}

/**
 * The sink a session asks for: `--record` (or ALDA_LIVE_RECORD) as an absolute path, since the
 * performer runs elsewhere. With `--engine browser`, the browser is looked for here first (the
 * server looks again), so that a machine without one hears how to get one before anything starts.
 */
export function sinkOptions(flags: SinkFlags): SinkOptions {
  const record = flags.record ?? (process.env.ALDA_LIVE_RECORD || undefined);
  const browser = flags.engine === 'browser';
  if (!browser && (flags.headed || flags.browser !== undefined)) throw new Error('--headed and --browser go with --engine browser');
  if (browser && flags.port !== undefined) throw new Error('--engine browser plays through Web Audio: it has no MIDI --port');
  if (browser) findBrowser(flags.browser === undefined ? undefined : resolve(flags.browser));
  return {
    port: flags.port,
    record: record === undefined ? undefined : resolve(record),
    link: flags.link === true ? { quantum: flags.quantum ?? 4 } : undefined,
    clockOut: flags.clockOut,
    ...(browser ? { engine: 'browser' as const, headed: flags.headed ?? false, browser: flags.browser === undefined ? undefined : resolve(flags.browser) } : {}),
  };
}

/** The sink, or undefined after saying on stderr why there is none (the command then exits 1). */
export function sinkOrRefusal(flags: SinkFlags): SinkOptions | undefined {
  try {
    return sinkOptions(flags);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
}
