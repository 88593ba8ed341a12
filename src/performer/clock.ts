/**
 * What the scheduler needs from time, passed in so tests can drive it with a hand-cranked clock.
 * `now` is monotonic milliseconds; timers are one-shot, and one of 0 ms fires as soon as the
 * I/O that is waiting has been handled.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The real clock: `performance.now()` never jumps with the wall clock, unlike `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // setTimeout(0) waits a whole millisecond; an immediate runs right after the loop's I/O.
  setTimer: (callback, ms) => (ms <= 0 ? { immediate: setImmediate(callback) } : setTimeout(callback, ms)),
  clearTimer: (handle) => {
    if (typeof handle === 'object' && handle !== null && 'immediate' in handle) clearImmediate(handle.immediate as NodeJS.Immediate);
    else clearTimeout(handle as NodeJS.Timeout);
  },
};
