/**
 * What the scheduler needs from time, passed in so tests can drive it with a hand-cranked clock.
 * `now` is monotonic milliseconds; timers are one-shot.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Blocks the thread for `ms` (fractions too) without using the CPU: what the scheduler waits on before a deadline. */
  pause(ms: number): void;
}

/** What `Atomics.wait` sleeps on: nobody ever wakes it, so it sleeps its whole timeout. */
const NEVER_WOKEN = new Int32Array(new SharedArrayBuffer(4));

/** The real clock: `performance.now()` never jumps with the wall clock, unlike `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  // A futex wait: it wakes within some 0.1 ms of its timeout, where a timer is up to 1.5 ms off.
  pause: (ms) => void Atomics.wait(NEVER_WOKEN, 0, 0, ms),
};
