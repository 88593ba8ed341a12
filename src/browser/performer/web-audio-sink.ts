import type { Clock } from '../../performer/clock.js';
import type { Sink } from '../../performer/sinks/sink.js';
import type { FrameScheduler } from '../../sound/frame-scheduler.js';
import { presetUses, type GmSynth } from '../../sound/gm-synth.js';
import type { PlayedLine } from './worklet-messages.js';

/** Where the synth's frames stand against the audio context's: context frame = synth frame + `offset`. */
export interface FrameMap {
  readonly sampleRate: number;
  readonly offset: number;
}

/**
 * The synth on the audio thread, as a performer's sink: each message goes into the frame
 * scheduler at the exact frame it is due (a message already past plays at the start of the next
 * quantum, and is late by that much). With `record`, every message is also kept as the line of a
 * recording, `at` the frame it actually sounds at, on the session's timeline.
 */
export class WebAudioSink implements Sink {
  readonly name = 'web-audio';
  readonly #frames: FrameScheduler;
  readonly #synth: GmSynth;
  readonly #clock: Clock;
  readonly #map: () => FrameMap;
  readonly #record: ((lines: PlayedLine[]) => void) | undefined;
  #lines: PlayedLine[] = [];
  #closed = false;

  constructor(options: {
    frames: FrameScheduler;
    synth: GmSynth;
    clock: Clock;
    map: () => FrameMap;
    record: ((lines: PlayedLine[]) => void) | undefined;
  }) {
    this.#frames = options.frames;
    this.#synth = options.synth;
    this.#clock = options.clock;
    this.#map = options.map;
    this.#record = options.record;
  }

  send(data: readonly number[], due: number, at: number): void {
    if (this.#closed) return;
    const { sampleRate, offset } = this.#map();
    // `at` is now on the session's timeline: the timeline's 0 is this far into the clock.
    const origin = this.#clock.now() - at;
    const target = Math.round(((origin + due) * sampleRate) / 1000) - offset;
    const frame = Math.max(target, this.#frames.position);
    this.#frames.schedule([{ frame, data }]);
    if (this.#record) this.#lines.push({ at: round(((frame + offset) * 1000) / sampleRate - origin), due: round(due), data: [...data] });
  }

  prepare(messages: readonly (readonly number[])[]): void {
    // Decoding a sample takes the audio thread a while: better once, when the batch arrives, than at its first note.
    this.#synth.preload(presetUses(messages));
  }

  /** Hands the recording's lines so far to its keeper. */
  flush(): Promise<void> {
    if (this.#lines.length > 0) this.#record?.(this.#lines);
    this.#lines = [];
    return Promise.resolve();
  }

  silence(): void {
    this.#frames.clear();
    this.#synth.silence();
  }

  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }
}

/** Microseconds, as the Node recorder writes them. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
