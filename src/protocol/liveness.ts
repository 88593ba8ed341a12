import { afterReading } from './after-reading.js';

/**
 * The paranoid-pirate heartbeat, for one peer: a heartbeat goes out whenever nothing else has for
 * half an interval (checked every interval, so the peer hears from us at least once an interval),
 * and a peer silent for `liveness` intervals is dead. One instance per link, on both sides
 * (server ↔ performer).
 */
export interface LivenessOptions {
  /** @default 1000 */
  readonly interval?: number;
  /** How many silent intervals make a peer dead. @default 3 */
  readonly liveness?: number;
  readonly now?: () => number;
}

export class Liveness {
  readonly interval: number;
  readonly liveness: number;
  readonly #now: () => number;
  #lastSeen: number;
  #lastSent: number;

  constructor(options: LivenessOptions = {}) {
    const { interval = 1000, liveness = 3, now = () => performance.now() } = options;
    if (!(interval > 0)) throw new TypeError(`Expected \`interval\` to be a number of ms above 0, got ${interval} (${typeof interval})`);
    if (!(Number.isInteger(liveness) && liveness >= 1)) {
      throw new TypeError(`Expected \`liveness\` to be an integer of at least 1, got ${liveness} (${typeof liveness})`);
    }
    this.interval = interval;
    this.liveness = liveness;
    this.#now = now;
    this.#lastSeen = this.#lastSent = now();
  }

  /** Anything arrived from the peer. */
  seen(): void {
    this.#lastSeen = this.#now();
  }

  /** Anything went to the peer. */
  sent(): void {
    this.#lastSent = this.#now();
  }

  /**
   * Is a heartbeat due? Half an interval without sending is enough: checked once an interval, a
   * whole interval would let up to two pass between messages, and a peer whose own loop is busy
   * would count most of its window gone.
   */
  heartbeatDue(): boolean {
    return this.#now() - this.#lastSent >= this.interval / 2;
  }

  /**
   * Call it every interval: `dead` is called if the peer has been silent for `liveness` intervals,
   * judged after what waits in the socket has been read.
   */
  check(dead: () => void): void {
    if (!this.#silent()) return;
    afterReading(() => {
      if (this.#silent()) dead();
    });
  }

  #silent(): boolean {
    return this.#now() - this.#lastSeen >= this.interval * this.liveness;
  }
}
