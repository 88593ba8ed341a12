import type { LiveScoreFactory } from './live-score.js';
import { EvalFailure } from './live-score.js';
import { PerformerError, type PerformerPool, type WorkerRecord } from './performer-pool.js';
import type { ClientRequest, SinkOptions, TimedMessage } from '../protocol/messages.js';
import { Session } from './session.js';

type EvalRequest = Extract<ClientRequest, { type: 'eval' }>;

export interface SessionsOptions {
  readonly pool: PerformerPool;
  readonly newScore: LiveScoreFactory;
  /** @default 32 */
  readonly maxSessions?: number;
  /** How long a `wait` is held before it answers "not yet", in ms; under the clients' 2.5 s timeout. @default 2000 */
  readonly waitSlice?: number;
  readonly log?: (line: string) => void;
}

/**
 * A long batch goes in chunks small enough for the performer to take in between two due messages
 * (it handles commands only in such gaps); the first is playing while the rest travel, and the
 * eval is answered once the first is placed: a big score (a 1 MB file is 1,800 chunks) plays
 * long before its last chunk has arrived.
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
    if (session) this.claimSink(session, request.sink);
    if (!session && this.#sessions.size >= this.#maxSessions) {
      throw new EvalFailure('ALDA_TOO_MANY_SESSIONS', `The server holds ${this.#maxSessions} sessions already`);
    }
    // A new or reset score is evaluated before it replaces anything, so a failure leaves no trace.
    const score = !session || request.reset ? this.#options.newScore() : session.score;
    const evaluated = score.evaluate({ code: request.code, forms: request.forms, name: request.name, from: request.from, to: request.to });
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
    const { worker, notices } = await this.#performer(session);
    if (request.reset) {
      session.generation++;
      await this.#options.pool.request(worker, { type: 'stop' });
    }
    const placement = await this.#schedule(session, worker, evaluated.start, evaluated.messages);
    return { ...result, ...placement, notices, performer: worker.pid };
  }

  /**
   * A client that names a sink (`--port`, `--record`) for a session that exists: until the
   * session's performer opens, the session takes it; once one plays, a different sink is refused,
   * never silently dropped.
   */
  claimSink(session: Session, sink: SinkOptions | undefined): void {
    const differs = (key: 'port' | 'record') => sink?.[key] !== undefined && sink[key] !== session.sink[key];
    if (!differs('port') && !differs('record')) return;
    if (!session.worker && !session.ready) {
      session.sink = { ...session.sink, ...definedSink(sink!) };
      return;
    }
    throw new EvalFailure(
      'ALDA_SINK_IN_USE',
      `Session "${session.name}" already plays through ${describeSink(session.sink)}; --port and --record take effect when a session starts: leave out --session for a new one, or join without them`,
    );
  }

  /** Silences a session, or every session; `sessions` says which were playing. */
  async stop(name: string | undefined): Promise<Record<string, unknown>> {
    const targets = name === undefined ? this.all : [this.#find(name)];
    const playing = await Promise.all(targets.map((s) => this.playing(s)));
    for (const target of targets) target.generation++;
    await Promise.all(targets.map((s) => (s.worker ? this.#options.pool.request(s.worker, { type: 'stop' }) : undefined)));
    return { stopped: targets.map((s) => s.name), sessions: targets.map((s, i) => ({ name: s.name, playing: playing[i] })) };
  }

  /** Whether anything of the session is queued, sounding, or on its way to its performer. */
  async playing(session: Session): Promise<boolean> {
    if (session.sending > 0) return true;
    if (!session.worker) return false;
    try {
      const status = await this.#options.pool.request(session.worker, { type: 'position' });
      return (status.pending as number) > 0 || (status.sounding as number) > 0;
    } catch {
      // Its performer is gone: nothing of it sounds.
      return false;
    }
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

  /**
   * Sends a batch in chunks: the first small, so it plays within the lookahead; the rest keep its
   * placement and follow after the answer (a batch after them waits, so the timeline keeps its
   * order; a stop or reset drops what has not gone yet).
   */
  async #schedule(session: Session, worker: WorkerRecord, start: number, messages: TimedMessage[]): Promise<Record<string, unknown>> {
    const pool = this.#options.pool;
    session.sending++;
    let first;
    try {
      await session.rest;
      first = await pool.request(worker, { type: 'schedule', start, messages: messages.slice(0, FIRST_CHUNK) });
    } catch (error) {
      session.sending--;
      throw error;
    }
    const generation = session.generation;
    const rest = (async () => {
      for (let i = FIRST_CHUNK; i < messages.length && session.generation === generation; i += CHUNK) {
        await pool.request(worker, { type: 'schedule', start, messages: messages.slice(i, i + CHUNK), continues: true });
      }
    })();
    session.rest = rest.then(
      () => undefined,
      (error: Error) => this.#options.log?.(`Session "${session.name}": the rest of a batch did not reach its performer: ${error.message}`),
    ).finally(() => session.sending--);
    const firstDue = first.firstDue as number;
    return { firstDue, lastDue: firstDue + (messages.at(-1)!.t - messages[0]!.t), position: first.position };
  }
}

function definedSink(sink: SinkOptions): SinkOptions {
  return Object.fromEntries(Object.entries(sink).filter(([, value]) => value !== undefined));
}

function describeSink(sink: SinkOptions): string {
  const output = sink.port === undefined ? 'the built-in synth' : `port "${sink.port}"`;
  return sink.record === undefined ? output : `${output}, recording to ${sink.record}`;
}
