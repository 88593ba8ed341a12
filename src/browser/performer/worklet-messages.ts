import type { PlayCommand } from '../../performer/play-commands.js';
import type { TimedMessage as FrameMessage } from '../../sound/frame-scheduler.js';

/** The name the synth processor registers under in the AudioWorklet. */
export const PROCESSOR_NAME = 'alda-live-synth';

/** What the processor is built with (`processorOptions`): structured-cloned once, when the node is made. */
export interface ProcessorSetup {
  /** The SF3 bank's bytes (FluidR3Mono, as the Node synth plays). */
  readonly bank: ArrayBuffer;
  /** How far ahead of now a session's first batch is placed, in ms (the performer's lookahead). */
  readonly lookahead: number;
  /** dB on top of the calibrated level, as `alda-live export --gain`. */
  readonly gain: number;
  /** Reverb and chorus (on, as everywhere else). */
  readonly effects: boolean;
  /**
   * An offline render: these messages at these context frames, and nothing else (no commands).
   * `OfflineAudioContext` renders them deterministically, as `export -o x.wav` does in Node.
   */
  readonly offline?: readonly FrameMessage[];
}

/** A performer command, as the page hands it to the audio thread: the protocol's own, but `open`, whose sinks the page settles. */
export type ProcessorCommand = PlayCommand | { readonly type: 'open'; readonly session: string; readonly record: boolean };

/** Page → audio thread. */
export type ToProcessor = { readonly type: 'command'; readonly id: number; readonly command: ProcessorCommand };

/** One message as the synth played it: `at` the frame it sounded at and `due` when it should have, in ms on the session's timeline. */
export interface PlayedLine {
  readonly at: number;
  readonly due: number;
  readonly data: readonly number[];
}

/** Audio thread → page. */
export type FromProcessor =
  /** The bank is loaded: the synth plays from the processor's next quantum but one. */
  | { readonly type: 'loaded' }
  /** The synth plays: commands are welcome. */
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly result: Record<string, unknown> }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  /** What was played since the last such message, for a recording (only while one is asked for). */
  | { readonly type: 'played'; readonly lines: readonly PlayedLine[] }
  /** A quarter of a second of the context's time went by, rendered: the page's link checks its heartbeat (page-link.ts). */
  | { readonly type: 'tick' }
  /** The queue ran dry and nothing sounds; every `played` line before it has been posted. */
  | { readonly type: 'idle'; readonly position: number };
