import { DEFAULT_LOOKAHEAD, nextShift } from '../../protocol/placement-rule.js';

/**
 * A session's timeline as the server reckons it, so that an eval can be answered with where its
 * batch lands without waiting for the performer: the performer's own rule (`nextShift`), applied
 * to the server's estimate of the performer's position, and corrected by each of its answers.
 *
 * Where the timeline's time 0 falls on our clock is known only within the time a message takes
 * between us: an answer received at r that says `position` p puts it at r − p or earlier, and the
 * earliest such bound is kept. Before any answer it is taken as one lookahead after the first
 * batch went out. So the reckoned position, and a reckoned shift, differ from the performer's by
 * at most a message's travel time.
 */
export class TimelineReckoning {
  readonly #lookahead: number;
  readonly #now: () => number;
  /** Time 0 of the timeline on our clock; undefined before the first batch. */
  #origin: number | undefined;
  /** Whether #origin is bounded by an answer, rather than guessed. */
  #heard = false;
  #shift = -Infinity;

  constructor(lookahead = DEFAULT_LOOKAHEAD, now: () => number = () => performance.now()) {
    this.#lookahead = lookahead;
    this.#now = now;
  }

  /** How far ahead of now the performer places a batch whose start has passed, in ms. */
  get lookahead(): number {
    return this.#lookahead;
  }

  /** Where the performer is on the timeline now, in ms; null before the first batch. */
  position(): number | null {
    return this.#origin === undefined ? null : this.#now() - this.#origin;
  }

  /** A batch goes out now, starting at score time `start`: the shift it will play at (a batch that continues the last keeps its shift). */
  place(start: number, continues: boolean): number {
    const now = this.#now();
    this.#origin ??= now + this.#lookahead;
    if (!continues || this.#shift === -Infinity) this.#shift = nextShift(this.#shift, now - this.#origin, this.#lookahead, start);
    return this.#shift;
  }

  /** The performer answered just now: its timeline is at `position`, and (for a batch) its shift is `shift`. */
  heard(position: unknown, shift?: unknown): void {
    if (typeof position === 'number') {
      const bound = this.#now() - position;
      this.#origin = this.#heard && this.#origin !== undefined ? Math.min(this.#origin, bound) : bound;
      this.#heard = true;
    }
    if (typeof shift === 'number') this.#shift = Math.max(this.#shift, shift);
  }

  /** Another performer, or none: the next batch starts a new timeline. */
  reset(): void {
    this.#origin = undefined;
    this.#heard = false;
    this.#shift = -Infinity;
  }
}
