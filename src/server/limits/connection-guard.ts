import { RateLimit } from './rate-limit.js';
import type { ServerLimits } from './server-limits.js';

/** Why a message was refused before it was handled: answered as an `error` with this code. */
export interface Refusal {
  readonly code: 'ALDA_RATE_LIMITED' | 'ALDA_TOO_MANY_REQUESTS';
  readonly message: string;
}

/**
 * One client connection's share of the server: a rate limit on the messages it sends and a
 * cap on its requests in progress, so that one flooding client cannot starve the others.
 * Refusals come before a message is handled or its reply stored, so a refused message changes nothing.
 */
export class ConnectionGuard {
  readonly #limits: ServerLimits;
  readonly #rate: RateLimit;
  readonly #now: () => number;
  #inProgress = 0;
  /** Refusals in the current one-second window, and when it began. */
  #refused = 0;
  #windowStart = -Infinity;

  constructor(limits: ServerLimits, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
    this.#rate = new RateLimit(limits.messageRate, limits.messageBurst, now);
  }

  /** Counts an arriving message against the rate limit. */
  arrive(): Refusal | undefined {
    if (this.#rate.take()) return undefined;
    const now = this.#now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#refused = 0;
    }
    this.#refused++;
    const { messageRate, messageBurst } = this.#limits;
    return { code: 'ALDA_RATE_LIMITED', message: `Too many messages: at most ${messageRate} a second (${messageBurst} at once); try again shortly` };
  }

  /** Admits a request to be worked on; call `finish` once it is answered. */
  begin(): Refusal | undefined {
    if (this.#inProgress >= this.#limits.maxQueuedRequests) {
      return { code: 'ALDA_TOO_MANY_REQUESTS', message: `Too many requests in progress on this connection (at most ${this.#limits.maxQueuedRequests}); wait for their replies` };
    }
    this.#inProgress++;
    return undefined;
  }

  /** More than a burst's worth of messages refused within a second: the peer is not listening, so the connection is closed (1008). */
  get flooding(): boolean {
    return this.#refused > this.#limits.messageBurst;
  }

  finish(): void {
    if (this.#inProgress > 0) this.#inProgress--;
  }

  get inProgress(): number {
    return this.#inProgress;
  }
}

/**
 * The id of a message not yet parsed, read from its first bytes, so that a refused request can
 * be answered under its id without paying for a parse of the whole message.
 */
export function peekId(raw: string): string | undefined {
  return /"id"\s*:\s*"([^"\\]{1,200})"/.exec(raw.slice(0, 1024))?.[1];
}
