/** A timer on a timeline's clock, to cancel. */
export interface TimelineTimer {
  cancel(): void;
}

/**
 * The loops' time: the clock they are fed by, and beats over it. The transport counts its quantum
 * grid in beats through `timeAt`, and reads and waits on the clock only through `now` and
 * `after`, so a test can run it on a clock of its own and a shared tempo (Ableton Link) can be a
 * second timeline beside the system's.
 */
export interface Timeline {
  /** Ms on this timeline's clock. */
  now(): number;
  /** The beat at `ms` from the transport's start. */
  beatAt(ms: number): number;
  /** Ms from the transport's start to `beat`. */
  timeAt(beat: number): number;
  /** The tempo a score asks for (its opening tempo): the system's timeline takes it; a shared one may keep its own. */
  propose(bpm: number): void;
  /** Calls `listener` with every new tempo; returns how to stop listening. */
  onTempo(listener: (bpm: number) => void): () => void;
  /** Calls `callback` once, `ms` from now on this clock. */
  after(ms: number, callback: () => void): TimelineTimer;
}

/** A timeline at one tempo at a time, which the score sets. */
export abstract class TempoTimeline implements Timeline {
  #bpm: number;
  readonly #listeners = new Set<(bpm: number) => void>();

  constructor(bpm = 120) {
    if (!(bpm > 0 && Number.isFinite(bpm))) throw new TypeError(`Expected \`bpm\` to be a positive number, got ${bpm}`);
    this.#bpm = bpm;
  }

  abstract now(): number;
  abstract after(ms: number, callback: () => void): TimelineTimer;

  get bpm(): number {
    return this.#bpm;
  }

  beatAt(ms: number): number {
    return (ms * this.#bpm) / 60_000;
  }

  timeAt(beat: number): number {
    return (beat * 60_000) / this.#bpm;
  }

  propose(bpm: number): void {
    if (bpm === this.#bpm) return;
    this.#bpm = bpm;
    for (const listener of this.#listeners) listener(bpm);
  }

  onTempo(listener: (bpm: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** The system clock (`performance.now`, `setTimeout`). */
export class SystemTimeline extends TempoTimeline {
  now(): number {
    return performance.now();
  }

  after(ms: number, callback: () => void): TimelineTimer {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  }
}
