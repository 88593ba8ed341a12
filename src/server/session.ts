import type WebSocket from 'ws';
import type { LiveScore } from './live-score.js';
import type { WorkerRecord } from './performer-pool.js';
import type { SinkOptions } from '../protocol/messages.js';

/**
 * A named, shared score: every client that evaluates in it or joins it edits the same score, and
 * its events go to its own performer. One performer per session keeps one session's sink (port,
 * recording) and timeline from touching another's.
 */
export class Session {
  readonly name: string;
  score: LiveScore;
  /** Where its performer plays: set when the session is made, or by the first client that names one before the performer opens. */
  sink: SinkOptions;
  /** Ends (and frees its performer) once it has played everything: `alda-live play` sessions. */
  readonly oneShot: boolean;
  worker: WorkerRecord | undefined;
  /** Batches being sent to the performer right now. */
  sending = 0;
  /** The chunks of the last batch still on their way to the performer, after its eval was answered. */
  rest: Promise<void> | undefined;
  /** Bumped by a stop or a reset: chunks of an earlier batch still on their way are dropped. */
  generation = 0;
  /** The text evaluated so far, one evaluation a line (forms as alda.lisp): what a client that joins starts from. */
  text = '';
  /** Joined clients, told of every evaluation made by another. */
  readonly members = new Set<WebSocket>();
  /** `wait` requests, answered when the performer reports its queue dry. */
  readonly waiters = new Set<(done: boolean) => void>();
  /** Settles when the session has a performer; evaluations queue behind it in order. */
  ready: Promise<WorkerRecord> | undefined;

  constructor(name: string, score: LiveScore, sink: SinkOptions, oneShot: boolean) {
    this.name = name;
    this.score = score;
    this.sink = sink;
    this.oneShot = oneShot;
  }

  /** Answers every waiting `wait`. */
  settle(done: boolean): void {
    for (const waiter of this.waiters) waiter(done);
    this.waiters.clear();
  }
}
