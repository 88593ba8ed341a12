/**
 * The paranoid-pirate heartbeat, for one peer: a heartbeat goes out whenever nothing else has
 * for `interval` ms, and a peer silent for `liveness` intervals is dead. One instance per link,
 * on both sides (server ↔ performer).
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
  #lastCheck: number;

  constructor(options: LivenessOptions = {}) {
    const { interval = 1000, liveness = 3, now = () => performance.now() } = options;
    if (!(interval > 0)) throw new TypeError(`Expected \`interval\` to be a number of ms above 0, got ${interval} (${typeof interval})`);
    if (!(Number.isInteger(liveness) && liveness >= 1)) {
      throw new TypeError(`Expected \`liveness\` to be an integer of at least 1, got ${liveness} (${typeof liveness})`);
    }
    this.interval = interval;
    this.liveness = liveness;
    this.#now = now;
    this.#lastSeen = this.#lastSent = this.#lastCheck = now();
  }

  /** Anything arrived from the peer. */
  seen(): void {
    this.#lastSeen = this.#now();
  }

  /** Anything went to the peer. */
  sent(): void {
    this.#lastSent = this.#now();
  }

  /** Is a heartbeat due (nothing sent for an interval)? */
  heartbeatDue(): boolean {
    return this.#now() - this.#lastSent >= this.interval;
  }

  /**
   * Has the peer been silent for `liveness` intervals? Call it every interval. If this check
   * itself comes late (our own loop was blocked, say by evaluating a big score), the peer's
   * messages may be sitting unread in the socket, so silence proves nothing: start counting again.
   */
  expired(): boolean {
    const now = this.#now();
    const blocked = now - this.#lastCheck > 2 * this.interval;
    this.#lastCheck = now;
    if (blocked) {
      this.#lastSeen = now;
      return false;
    }
    return now - this.#lastSeen >= this.interval * this.liveness;
  }
}
