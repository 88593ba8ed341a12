import { resolve } from 'node:path';
import { findBrowser } from '../processes/find-browser.js';
import type { SinkOptions } from '../protocol/messages.js';
import type { SinkFlags } from './sink-flags.js';

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
