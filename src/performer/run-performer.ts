import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { readHandoff, type Handoff } from '../protocol/performer-handoff.js';
import { locateServer } from '../protocol/state-file.js';
import { systemClock } from './clock.js';
import { SessionClocks } from './link/session-clocks.js';
import { loopTraceFromEnv } from './loop-trace.js';
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
  /** The pipe from a server that handed us where to connect (`awaitHandoff`): its end means that server is gone. */
  readonly lifeline?: Readable | undefined;
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
  // A server started us, or handed us our connection: once it is gone, we go too.
  const orphaned = options.parentPid !== undefined ? parentGone(options.parentPid) : options.lifeline ? ended(options.lifeline) : undefined;
  const defaults = { port: options.port, record: options.record ?? (process.env.ALDA_LIVE_RECORD || undefined) };
  // Starting the synth takes a while: done before the first session asks.
  const synth = new WarmSynth();
  void getReady().then((missing) => {
    if (missing === undefined && defaults.port === undefined) synth.warm().catch(() => undefined);
  });
  let link: WorkerLink | undefined;
  const trace = loopTraceFromEnv();
  const clock = trace?.clock(systemClock) ?? systemClock;
  const performer = new Performer({
    clock,
    lookahead: options.lookahead,
    outputLatency: options.outputLatency,
    onIdle: (position) => {
      trace?.dump();
      link?.idle(position);
    },
  });
  link = new WorkerLink({
    locate,
    forSession: options.session,
    workerId: options.worker ?? `performer-${randomUUID().slice(0, 8)}`,
    performer,
    openSinks: async (sink) => {
      const opened = await openSinks({ ...sink, port: sink.port ?? defaults.port, record: sink.record ?? defaults.record }, synth);
      return trace ? { ...opened, sinks: opened.sinks.map((s) => trace.sink(s)) } : opened;
    },
    clocks: new SessionClocks(clock),
    orphaned,
    // Started by hand (the server's own performers have a parent), it tells its user how it is doing.
    onStatus: orphaned === undefined ? (line) => process.stderr.write(line + '\n') : undefined,
    onExit: () => setImmediate(() => process.exit(0)),
  });
  const end = () => void link?.shutdown();
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
}

let ready: Promise<string | undefined> | undefined;

/**
 * What a performer does before it connects, once per process: it raises its priority, and looks
 * for an audio device (what a session's sinks wait for). One started beside its server does it
 * while it waits for the handoff, not after it: between the handoff and its connection they took
 * ≈20–30 ms of its only thread on a cold start (chrt, which raises its priority, is a child that
 * node forks; the probe loads audio-io's addon and libasound). Gives what `probeAudioDevice` gives.
 */
export function getReady(): Promise<string | undefined> {
  if (ready === undefined) {
    raisePriority();
    ready = probeAudioDevice();
  }
  return ready;
}

/**
 * Reads the first line of `pipe`, the handoff of the server that we were started beside; undefined
 * if the pipe ends first (the server did not start: its client's score was refused, or another
 * server answers for the state dir) or the line is not one. The pipe is read on, for its end.
 */
export function awaitHandoff(pipe: Readable): Promise<Handoff | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const take = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end < 0) return;
      pipe.off('data', take);
      pipe.off('end', none);
      // Read on and thrown away: only the pipe's end matters from here on.
      pipe.resume();
      resolve(readHandoff(text.slice(0, end)));
    };
    const none = () => resolve(undefined);
    pipe.on('data', take);
    pipe.once('end', none);
  });
}

function parentGone(parentPid: number): () => boolean {
  return () => process.ppid !== parentPid;
}

function ended(pipe: Readable): () => boolean {
  let gone = pipe.readableEnded || pipe.destroyed;
  pipe.once('close', () => (gone = true));
  pipe.once('end', () => (gone = true));
  return () => gone;
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
