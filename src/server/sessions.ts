import type { LiveScoreFactory } from './live-score.js';
import { EvalFailure, type LiveScore } from './live-score.js';
import { PerformerError, type PerformerPool, type WorkerRecord } from './performer-pool.js';
import type { ClientRequest, TimedMessage } from './protocol.js';
import { Session } from './session.js';

type EvalRequest = Extract<ClientRequest, { type: 'eval' }>;

export interface SessionsOptions {
  readonly pool: PerformerPool;
  readonly newScore: LiveScoreFactory;
  /** @default 32 */
  readonly maxSessions?: number;
  /** How long a `wait` is held before it answers "not yet", in ms; under the clients' 2.5 s timeout. @default 2000 */
  readonly waitSlice?: number;
}

/**
 * A long batch goes in chunks small enough for the performer to take in between two due messages
 * (it handles commands only in such gaps); the first is playing while the rest travel.
 */
const FIRST_CHUNK = 256;
const CHUNK = 256;

/** Every session, and what the requests that name one do to it. */
export class Sessions {
  readonly #options: SessionsOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #maxSessions: number;
  readonly #waitSlice: number;

  constructor(options: SessionsOptions) {
    this.#options = options;
    this.#maxSessions = options.maxSessions ?? 32;
    this.#waitSlice = options.waitSlice ?? 2000;
  }

  get all(): readonly Session[] {
    return [...this.#sessions.values()];
  }

  get(name: string): Session | undefined {
    return this.#sessions.get(name);
  }

  /** Evaluates in a session (creating it), then plays the new events on its performer. */
  async eval(request: EvalRequest): Promise<Record<string, unknown>> {
    if ((request.code === undefined) === (request.forms === undefined)) {
      throw new EvalFailure('ALDA_BAD_MESSAGE', 'An eval carries exactly one of `code` and `forms`');
    }
    let session = this.#sessions.get(request.session);
    if (!session && this.#sessions.size >= this.#maxSessions) {
      throw new EvalFailure('ALDA_TOO_MANY_SESSIONS', `The server holds ${this.#maxSessions} sessions already`);
    }
    // A new or reset score is evaluated before it replaces anything, so a failure leaves no trace.
    const previous = session?.score;
    const score = !session || request.reset ? this.#options.newScore() : session.score;
    const evaluated = score.evaluate({ code: request.code, forms: request.forms, name: request.name, from: request.from, to: request.to });
    const created = !session;
    if (!session) {
      session = new Session(request.session, score, request.sink ?? {}, request.oneShot ?? false);
      this.#sessions.set(session.name, session);
    }
    session.score = score;
    const result: Record<string, unknown> = { session: session.name, events: evaluated.events, start: evaluated.start, end: evaluated.end };
    if (request.play === false || evaluated.messages.length === 0) {
      if (session.oneShot && !session.worker) this.#sessions.delete(session.name);
      return result;
    }
    let scheduled = false;
    try {
      const { worker, notices } = await this.#performer(session);
      if (request.reset) await this.#options.pool.request(worker, { type: 'stop' });
      session.sending++;
      try {
        const placement = await this.#schedule(worker, evaluated.start, evaluated.messages, () => (scheduled = true));
        return { ...result, ...placement, notices, performer: worker.pid };
      } finally {
        session.sending--;
      }
    } catch (error) {
      // All or nothing, to the performer too: a batch it refused leaves the score as it was.
      if (!scheduled) this.#takeBack(session, score, previous, created);
      throw error;
    }
  }

  /** Undoes an evaluation whose batch the performer never took. */
  #takeBack(session: Session, score: LiveScore, previous: LiveScore | undefined, created: boolean): void {
    if (score === previous || created) score.revert();
    else if (previous) session.score = previous;
    if (created && !session.worker) this.#sessions.delete(session.name);
  }

  /** Silences a session, or every session. */
  async stop(name: string | undefined): Promise<Record<string, unknown>> {
    const targets = name === undefined ? this.all : [this.#find(name)];
    await Promise.all(targets.map((s) => (s.worker ? this.#options.pool.request(s.worker, { type: 'stop' }) : undefined)));
    return { stopped: targets.map((s) => s.name) };
  }

  /** Answers when the session has played everything, or after a slice of time with `done: false`. */
  async wait(name: string): Promise<Record<string, unknown>> {
    const session = this.#sessions.get(name);
    if (!session?.worker) return { session: name, done: true };
    const status = await this.#options.pool.request(session.worker, { type: 'position' });
    if (status.pending === 0 && status.sounding === 0 && session.sending === 0) return { session: name, done: true, position: status.position };
    const done = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        session.waiters.delete(settle);
        resolve(false);
      }, this.#waitSlice);
      const settle = (finished: boolean) => {
        clearTimeout(timer);
        resolve(finished);
      };
      session.waiters.add(settle);
    });
    return { session: name, done };
  }

  async position(name: string): Promise<Record<string, unknown>> {
    const session = this.#find(name);
    if (!session.worker) return { session: name, position: null, pending: 0, sounding: 0 };
    return { session: name, ...(await this.#options.pool.request(session.worker, { type: 'position' })) };
  }

  /** The performer reported its queue dry. */
  idle(name: string): void {
    const session = this.#sessions.get(name);
    // Dry between two chunks of a batch still on its way is not the end: the rest will play.
    if (!session || session.sending > 0) return;
    session.settle(true);
    if (session.oneShot && session.worker) {
      this.#options.pool.release(session.worker);
      this.#sessions.delete(name);
    }
  }

  /** The session's performer died: the next evaluation gets a new one; waiters are told it is over. */
  lost(name: string): void {
    const session = this.#sessions.get(name);
    if (!session) return;
    session.worker = undefined;
    session.ready = undefined;
    session.settle(true);
    if (session.oneShot) this.#sessions.delete(name);
  }

  #find(name: string): Session {
    const session = this.#sessions.get(name);
    if (!session) throw new EvalFailure('ALDA_NO_SUCH_SESSION', `There is no session "${name}"`);
    return session;
  }

  /** The session's performer, taken from the pool and opened with its sinks on first use. */
  async #performer(session: Session): Promise<{ worker: WorkerRecord; notices: string[] }> {
    if (session.worker && session.ready) return { worker: await session.ready, notices: [] };
    let notices: string[] = [];
    session.ready = (async () => {
      const worker = await this.#options.pool.acquire(session.name);
      try {
        const opened = await this.#options.pool.request(worker, { type: 'open', session: session.name, sink: session.sink });
        notices = (opened.notices as string[] | undefined) ?? [];
      } catch (error) {
        this.#options.pool.release(worker);
        throw error;
      }
      session.worker = worker;
      return worker;
    })();
    try {
      return { worker: await session.ready, notices };
    } catch (error) {
      session.ready = undefined;
      session.worker = undefined;
      if (session.oneShot) this.#sessions.delete(session.name);
      throw error instanceof PerformerError ? new EvalFailure(error.code, error.message) : error;
    }
  }

  /** Sends a batch in chunks: the first small, so it plays within the lookahead; the rest keep its placement. */
  async #schedule(worker: WorkerRecord, start: number, messages: TimedMessage[], taken: () => void): Promise<Record<string, unknown>> {
    const pool = this.#options.pool;
    const first = await pool.request(worker, { type: 'schedule', start, messages: messages.slice(0, FIRST_CHUNK) });
    // Once the performer holds some of the batch, it plays: the score keeps the evaluation.
    taken();
    let last = first;
    for (let i = FIRST_CHUNK; i < messages.length; i += CHUNK) {
      last = await pool.request(worker, { type: 'schedule', start, messages: messages.slice(i, i + CHUNK), continues: true });
    }
    return { firstDue: first.firstDue, lastDue: last.lastDue, position: first.position };
  }
}
