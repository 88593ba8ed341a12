import { limitOption } from '../../lisp/limit-option.js';

/** The server's limits on what connections may send (docs/security.md lists them all). */
export interface ServerLimits {
  /** Largest inbound message, in bytes; a larger one closes that connection (1009). */
  readonly maxPayload: number;
  /** Client connections open at once; more get HTTP 503. */
  readonly maxConnections: number;
  /** Performer and worker connections (on `/performer` and `/worker`) open at once, apart from the clients'; more get HTTP 503. */
  readonly maxWorkerConnections: number;
  /** Sessions the server holds; an eval that would open one more gets ALDA_TOO_MANY_SESSIONS. */
  readonly maxSessions: number;
  /** Requests of one connection being worked on at once; one more gets ALDA_TOO_MANY_REQUESTS. */
  readonly maxQueuedRequests: number;
  /** Bytes waiting to go out to one connection; past them it is terminated (a peer that does not read). */
  readonly maxBufferedBytes: number;
  /** Note events one session's score may hold; an eval into a session at the limit gets ALDA_SESSION_FULL. */
  readonly maxSessionEvents: number;
  /** Characters of text one session may hold; an eval that would pass it gets ALDA_SESSION_FULL. */
  readonly maxSessionText: number;
  /** Messages per second a client connection may send, on average... */
  readonly messageRate: number;
  /** ...and at once; past them a message gets ALDA_RATE_LIMITED and nothing else. */
  readonly messageBurst: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxPayload: 16 * 1024 * 1024,
  maxConnections: 256,
  maxWorkerConnections: 64,
  maxSessions: 32,
  maxQueuedRequests: 32,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxSessionEvents: 4_000_000,
  maxSessionText: 16 * 1024 * 1024,
  messageRate: 200,
  messageBurst: 400,
};

/** The limits with defaults filled in; a bad one is a TypeError naming the option. */
export function serverLimits(options: Partial<Record<keyof ServerLimits, unknown>> = {}): ServerLimits {
  const limits = {} as Record<keyof ServerLimits, number>;
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
    limits[name] = limitOption(name, options[name], DEFAULT_LIMITS[name]);
  }
  return limits;
}
