/**
 * What the scheduler needs from time, passed in so tests can drive it with a hand-cranked clock.
 * `now` is monotonic milliseconds; timers are one-shot.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Where a batch asked for at `earliest` may start: on a shared grid (Link's next bar), or at `earliest` itself. */
  align?(earliest: number): number;
  /** The score's tempo at the batch about to be placed (a shared clock counts its beats in it). */
  tempo?(bpm: number): void;
}

/** The real clock: `performance.now()` never jumps with the wall clock, unlike `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
