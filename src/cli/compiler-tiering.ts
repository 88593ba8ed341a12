import { setFlagsFromString } from 'node:v8';

/** Below this many characters a score is compiled sooner than V8's optimizing compiler pays back. */
const SHORT_SCORE = 200_000;

/**
 * A one-shot command on a short score ends before V8's optimizing compiler (TurboFan, on
 * threads of its own, whose CPU counts too) has paid for itself: measured here, `parse -o
 * data` of a 100 KB score takes ≈30% less CPU without it, while from ≈300 KB on it pays. So a
 * command that compiles one score and exits tells V8, once it knows the score's length, not
 * to optimize for a short one. Never for a long-lived process (server, REPL, performer).
 */
export function tierForScore(length: number): void {
  if (length < SHORT_SCORE) setFlagsFromString('--no-opt');
}
