import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { locateServer } from '../protocol/state-file.js';
import { SessionClocks } from './link/session-clocks.js';
import { openSinks } from './open-sinks.js';
import { Performer } from './performer.js';
import { raisePriority } from './playing-priority.js';
import { probeAudioDevice } from './sinks/audio-device.js';
import { WarmSynth } from './sinks/warm-synth.js';
import { WorkerLink } from './worker-link.js';

/** The performer process's options: the flags of `alda-live performer` and of entry.ts. */
export interface PerformerProcessOptions {
  readonly connect?: string | undefined;
  readonly token?: string | undefined;
  readonly port?: string | undefined;
  readonly record?: string | undefined;
  readonly lookahead?: number | undefined;
  readonly outputLatency?: number | undefined;
  readonly worker?: string | undefined;
  /** Serve only this session. */
  readonly session?: string | undefined;
  /** A file holding the token (a manifest's `{token_file}`), read at each connection. */
  readonly tokenFile?: string | undefined;
  readonly parentPid?: number | undefined;
}

export async function runPerformer(options: PerformerProcessOptions): Promise<void> {
  if (options.port !== undefined) {
    // A port that is not there is refused now, not when the first session opens it.
    const { findMidiOutput, MidiPortError } = await import('./sinks/midi-port-sink.js');
    try {
      await findMidiOutput(options.port);
    } catch (error) {
      if (!(error instanceof MidiPortError)) throw error;
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
  }
  const locate = () => locateServer({ url: options.connect, token: options.token ?? readToken(options.tokenFile) });
  if (!locate()) {
    process.stderr.write('No server to connect to: start one with `alda-live server`, or pass --connect URL (or set ALDA_LIVE_URL) with ALDA_LIVE_TOKEN set\n');
    process.exitCode = 1;
    return;
  }
  raisePriority();
  const defaults = { port: options.port, record: options.record ?? (process.env.ALDA_LIVE_RECORD || undefined) };
  // Looking for an audio device and starting the synth take a while: done before the first session asks.
  const synth = new WarmSynth();
  void probeAudioDevice().then((missing) => {
    if (missing === undefined && defaults.port === undefined) synth.warm().catch(() => undefined);
  });
  let link: WorkerLink | undefined;
  const performer = new Performer({ lookahead: options.lookahead, outputLatency: options.outputLatency, onIdle: (position) => link?.idle(position) });
  link = new WorkerLink({
    locate,
    forSession: options.session,
    workerId: options.worker ?? `performer-${randomUUID().slice(0, 8)}`,
    performer,
    openSinks: (sink) => openSinks({ ...sink, port: sink.port ?? defaults.port, record: sink.record ?? defaults.record }, synth),
    clocks: new SessionClocks(),
    parentPid: options.parentPid,
    // Started by hand (the server's own performers have a parent), it tells its user how it is doing.
    onStatus: options.parentPid === undefined ? (line) => process.stderr.write(line + '\n') : undefined,
    onExit: () => setImmediate(() => process.exit(0)),
  });
  const end = () => void link?.shutdown();
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
}

/** The token in a file, trimmed; undefined when there is no such file (yet). */
function readToken(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Prints the MIDI outputs as JSON lines, for `alda-live ports` (which filters our stderr). */
export async function listPorts(): Promise<void> {
  const { midiOutputs } = await import('./sinks/jzz.js');
  for (const output of await midiOutputs()) process.stdout.write(JSON.stringify(output) + '\n');
}
