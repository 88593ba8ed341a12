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
   * Call it every interval: `dead` is called if the peer has been silent for `liveness` intervals.
   * The verdict waits until what is waiting in the socket has been read (the immediate runs after
   * the loop's I/O phase): a check that comes after our own loop was blocked, say by evaluating a
   * big score, would otherwise condemn a peer whose messages sit there unread.
   */
  check(dead: () => void): void {
    if (!this.#silent()) return;
    afterPendingInput(() => {
      if (this.#silent()) dead();
    });
  }

  #silent(): boolean {
    return this.#now() - this.#lastSeen >= this.interval * this.liveness;
  }
}

/**
 * Runs `then` after what already waits to be read: in Node, an immediate (after the loop's I/O
 * phase); a browser (the performer's page) has no `setImmediate`, and a task queued after the
 * socket's waiting messages does the same there.
 */
function afterPendingInput(then: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(then);
  else setTimeout(then, 0);
}
