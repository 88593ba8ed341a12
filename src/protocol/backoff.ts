/** Reconnection delays that double from `initial` to `max` (paranoid pirate: 1 s to 32 s), reset on success. */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  #next: number;

  constructor(initial = 1000, max = 32_000) {
    if (!(initial > 0 && max >= initial)) {
      throw new TypeError(`Expected \`initial\` above 0 and \`max\` at least \`initial\`, got ${initial} and ${max}`);
    }
    this.#initial = initial;
    this.#max = max;
    this.#next = initial;
  }

  /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
  next(): number {
    const delay = this.#next;
    this.#next = Math.min(this.#next * 2, this.#max);
    return delay;
  }

  reset(): void {
    this.#next = this.#initial;
  }
}
