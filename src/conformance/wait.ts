import { TierFailure } from './scorecard.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fact` every 20 ms until it gives something, or fails the tier saying what never came.
 * `gone`, when it returns a reason, ends the wait at once (the candidate exited).
 */
export async function until<T>(what: string, fact: () => T | undefined | false, timeout: number, gone?: () => string | undefined): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = fact();
    if (value !== undefined && value !== false) return value;
    const reason = gone?.();
    if (reason) throw new TierFailure(`${reason}, before ${what}`);
    if (performance.now() > deadline) throw new TierFailure(`no ${what} within ${timeout / 1000} s`);
    await sleep(20);
  }
}

/** A promise's value, or the tier failed saying what did not answer in time. */
export async function within<T>(promise: Promise<T>, timeout: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TierFailure(`no ${what} within ${timeout / 1000} s`)), timeout)))]);
  } finally {
    clearTimeout(timer);
  }
}
