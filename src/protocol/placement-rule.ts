/** How far ahead of now a performer places new events by default, in ms (`--lookahead`). */
export const DEFAULT_LOOKAHEAD = 10;

/**
 * Where a new batch lands on a session's timeline: the shift added to its score times. A batch
 * whose start has already passed plays one lookahead from now, and never earlier than what an
 * earlier batch placed (the shift only grows). The performer places batches by it, and the
 * server reckons by it where a batch will land before the performer has answered.
 */
export function nextShift(shift: number, position: number, lookahead: number, start: number): number {
  return Math.max(shift, position + lookahead - start);
}
