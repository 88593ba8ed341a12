import type { Clock } from '../../performer/clock.js';

/**
 * The audio thread's clock: time is the audio context's frames, moved on once per render quantum
 * (`advance`), so that a timer set for a moment fires just before the quantum that holds it is
 * rendered. Nothing here reads the wall clock: what plays is placed by frame, exactly.
 */
export class FrameClock implements Clock {
  readonly #sampleRate: number;
  #frame = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { readonly at: number; readonly callback: () => void }>();

  constructor(sampleRate: number, frame: number) {
    this.#sampleRate = sampleRate;
    this.#frame = frame;
  }

  now(): number {
    return (this.#frame * 1000) / this.#sampleRate;
  }

  setTimer(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now() + ms, callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Moves time to `frame` and runs, earliest first, every timer that has come due (those they set included). */
  advance(frame: number): void {
    this.#frame = frame;
    const now = this.now();
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= now && (due === undefined || entry[1].at < due[1].at)) due = entry;
      if (due === undefined) return;
      this.#timers.delete(due[0]);
      due[1].callback();
    }
  }
}
