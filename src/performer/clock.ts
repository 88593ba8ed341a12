/**
 * What the scheduler needs from time, passed in so tests can drive it with a hand-cranked clock.
 * `now` is monotonic milliseconds; timers are one-shot, and one of 0 ms fires as soon as the
 * I/O that is waiting has been handled.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Where a batch asked for at `earliest` may start: on a shared grid (Link's next bar), or at `earliest` itself. */
  align?(earliest: number): number;
  /** The score's tempo from `at` on this clock (a shared clock counts the score's beats in it from there). */
  tempo?(bpm: number, at: number): void;
  /**
   * Blocks the thread for `ms` (fractions too) without using the CPU: what the scheduler waits on
   * before a deadline. A clock without it (Link's, whose ms are not the wall's) is spun on.
   */
  pause?(ms: number): void;
  /**
   * The longest a timer on this clock may be trusted to sleep, in ms: a clock whose rate can change
   * under a sleeping timer (Link's, whose tempo any peer sets) is looked at again within this.
   * Absent: a timer wakes when it was asked to, and the scheduler sleeps until its next deadline.
   */
  readonly maxSleep?: number;
}

/**
 * What `Atomics.wait` sleeps on: nobody ever wakes it, so it sleeps its whole timeout. Made on
 * first use: where there is no SharedArrayBuffer (an AudioWorklet of a page that is not
 * cross-origin isolated), this module must still load.
 */
let neverWoken: Int32Array | undefined;

/** The real clock: `performance.now()` never jumps with the wall clock, unlike `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // setTimeout(0) waits a whole millisecond; an immediate runs right after the loop's I/O.
  setTimer: (callback, ms) => (ms <= 0 ? { immediate: setImmediate(callback) } : setTimeout(callback, ms)),
  clearTimer: (handle) => {
    if (typeof handle === 'object' && handle !== null && 'immediate' in handle) clearImmediate(handle.immediate as NodeJS.Immediate);
    else clearTimeout(handle as NodeJS.Timeout);
  },
  // A futex wait: it wakes within some 0.1 ms of its timeout, where a timer is up to 1.5 ms off.
  pause: (ms) => void Atomics.wait((neverWoken ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms),
};

/**
 * Ms of the host's monotonic clock (CLOCK_MONOTONIC): one clock for every process on the machine,
 * unlike `performance.now()`, which counts from each process's start. The Link clock reports in it.
 */
export function hostMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
