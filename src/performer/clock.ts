/**
 * What the scheduler needs from time, passed in so tests can drive it with a hand-cranked clock.
 * `now` is monotonic milliseconds; timers are one-shot.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The real clock: `performance.now()` never jumps with the wall clock, unlike `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
