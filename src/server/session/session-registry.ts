import type { ClientRequest, SinkOptions } from '../../protocol/messages.js';
import type { RequestResults } from '../../protocol/results.js';
import type { PerformerError, PerformerPool } from '../performer-pool.js';
import { EvalFailure, type EvaluatorFactory } from './evaluator.js';
import { definedOnly, PerformerLease } from './performer-lease.js';
import { SessionActor, type PeerId, type SessionActorOptions } from './session-actor.js';
import { TimelineReckoning } from './timeline-reckoning.js';
import type { PerformerEngine } from '../../protocol/performer-engine.js';

type EvalRequest = Extract<ClientRequest, { type: 'eval' }>;

const DEATHS_KEPT = 64;
const DEATH_MEMORY_MS = 60_000;
type LiveRequest = Extract<ClientRequest, { type: 'live' }>;
type CheckRequest = Extract<ClientRequest, { type: 'check' }>;

export interface SessionRegistryOptions {
  readonly pool: PerformerPool;
  readonly newScore: EvaluatorFactory;
  /** Sessions alive at once. @default 32 */
  readonly maxSessions?: number;
  /** @default 4000000 */
  readonly maxSessionEvents?: number;
  /** @default 16 Mi characters */
  readonly maxSessionText?: number;
  /** How far ahead the performers place new events, in ms (their `--lookahead`): how evals reckon where their notes land. */
  readonly lookahead?: number | undefined;
  /** How long a `wait` is held before it answers "not yet", in ms; under the clients' 2.5 s timeout. @default 2000 */
  readonly waitSlice?: number;
  /** What every session plays on unless its client says more (the server's `--link`, `--clock-out`). */
  readonly sessionSink?: SinkOptions | undefined;
  /** A session nobody has joined or used for this long, with nothing playing, is ended, in ms. @default 600000 */
  readonly idleTimeout?: number;
  readonly send: (peer: PeerId, message: Record<string, unknown>) => void;
  /** Asks a transformer of an eval's chain (a broker service). */
  readonly transform: SessionActorOptions['transform'];
  readonly log: (line: string) => void;
}

/**
 * Every live session by name, and the performers jobs play on. A session is an actor
 * (session-actor.ts) that owns all it holds; this only finds, creates and forgets them, and
 * reclaims the ones left idle.
 */
export class SessionRegistry {
  readonly #options: SessionRegistryOptions;
  readonly #sessions = new Map<string, SessionActor>();
  /** Leases of jobs that play: `stop` reaches them too. */
  readonly #jobs = new Map<string, PerformerLease>();
  readonly #maxSessions: number;
  readonly #idleTimeout: number;
  readonly #reaper: NodeJS.Timeout;
  /**
   * Sessions that ended because their performer died, and how: a `wait` that comes after the
   * end still hears of it. The newest 64, for a minute.
   */
  readonly #deaths = new Map<string, { failure: PerformerError; at: number }>();

  constructor(options: SessionRegistryOptions) {
    this.#options = options;
    this.#maxSessions = options.maxSessions ?? 32;
    this.#idleTimeout = options.idleTimeout ?? 600_000;
    this.#reaper = setInterval(() => this.#reap(), Math.min(this.#idleTimeout / 4, 5000));
    this.#reaper.unref();
  }

  get all(): readonly SessionActor[] {
    return [...this.#sessions.values()];
  }

  get(name: string): SessionActor | undefined {
    return this.#sessions.get(name);
  }

  eval(request: EvalRequest, from: PeerId | undefined): Promise<RequestResults['eval']> {
    const session = this.#open(request.session, request.sink ?? {}, request.oneShot ?? false);
    session.claimSink(request.sink);
    return session.eval(request, from);
  }

  live(request: LiveRequest): Promise<RequestResults['live']> {
    const session = this.#open(request.session, request.sink ?? {}, false);
    session.claimSink(request.sink);
    return session.live(request);
  }

  async check(request: CheckRequest): Promise<RequestResults['check']> {
    const session = this.#sessions.get(request.session);
    if (session) return session.check(request);
    const input = { code: request.code, forms: request.forms, name: request.name };
    const score = this.#options.newScore(input);
    try {
      return { session: request.session, diagnostics: await score.check(input) };
    } finally {
      score.dispose?.();
    }
  }

  /** A session that is not there is not in live mode either. */
  looping(name: string): SessionActor {
    const session = this.#sessions.get(name);
    if (!session) throw new EvalFailure('ALDA_NOT_LIVE', `Session "${name}" is not in live mode`);
    return session;
  }

  /** Silences a session, or every session and every playing job; `stopped` names those that were playing. */
  async stop(name: string | undefined): Promise<RequestResults['stop']> {
    const job = name === undefined ? undefined : this.#jobs.get(name);
    const targets: readonly (SessionActor | PerformerLease)[] = job
      ? [job]
      : name === undefined
        ? [...this.all, ...this.#jobs.values()]
        : [this.find(name)];
    const playing = await Promise.all(targets.map((target) => target.playing()));
    await Promise.all(targets.map((target) => target.stop()));
    return { stopped: targets.filter((_, i) => playing[i]).map((target) => ('name' in target ? target.name : target.session)) };
  }

  /** Ends a session; a job's play is only silenced (the job goes on to its end). */
  async close(name: string): Promise<RequestResults['close']> {
    const job = this.#jobs.get(name);
    if (job) await job.stop();
    else await this.find(name).close();
    return { session: name, closed: true };
  }

  /** A session not there yet takes its engine from its first evaluation's sink: nothing to move. */
  engine(name: string, engine: PerformerEngine): Promise<RequestResults['engine']> {
    const session = this.#sessions.get(name);
    return session ? session.engine(engine) : Promise.resolve({ session: name, engine, changed: false });
  }

  /** A `wait` on a session that is not there (any more) has nothing to wait for. */
  wait(name: string): Promise<RequestResults['wait']> {
    const session = this.#sessions.get(name);
    if (session) return session.wait();
    const death = this.#deaths.get(name);
    if (death && performance.now() - death.at < DEATH_MEMORY_MS) return Promise.reject(death.failure);
    return Promise.resolve({ session: name, done: true });
  }

  find(name: string): SessionActor {
    const session = this.#sessions.get(name);
    if (!session) throw new EvalFailure('ALDA_NO_SUCH_SESSION', `There is no session "${name}"`);
    return session;
  }

  /** A performer lease for a job's play, under the job's name, for as long as `play` runs. */
  async withJobLease<T>(name: string, sink: SinkOptions, play: (lease: PerformerLease) => Promise<T>): Promise<T> {
    const lease = this.#lease(name, sink);
    this.#jobs.set(name, lease);
    try {
      return await play(lease);
    } finally {
      lease.release();
      this.#jobs.delete(name);
    }
  }

  /** The performer of `name` (a session or a job) reported its queue dry. */
  idle(name: string): void {
    this.#sessions.get(name)?.idle();
  }

  /** The performer of `name` died. */
  lost(name: string): void {
    this.#sessions.get(name)?.lost();
    const job = this.#jobs.get(name);
    if (job) {
      job.lost();
      job.silence().catch((error: unknown) => this.#options.log(`Could not silence the sinks of job ${name} after its performer died: ${(error as Error).message}`));
    }
  }

  /** A client's connection closed: it is no member any more. */
  left(peer: PeerId): void {
    for (const session of this.#sessions.values()) session.left(peer);
  }

  /** The server is closing: every session ends, every job's performer goes back. */
  endAll(): void {
    clearInterval(this.#reaper);
    for (const session of this.all) session.end();
    for (const lease of this.#jobs.values()) lease.release();
  }

  /** The session, created (within the limit on live sessions) if there is none. */
  #open(name: string, sink: SinkOptions, oneShot: boolean): SessionActor {
    const existing = this.#sessions.get(name);
    if (existing) return existing;
    sink = { ...this.#options.sessionSink, ...definedOnly(sink) };
    if (this.#sessions.size >= this.#maxSessions) {
      throw new EvalFailure('ALDA_TOO_MANY_SESSIONS', `The server holds ${this.#maxSessions} sessions already`);
    }
    const { newScore, maxSessionEvents = 4_000_000, maxSessionText = 16 * 1024 * 1024, waitSlice = 2000, send, transform, log } = this.#options;
    const session: SessionActor = new SessionActor({
      name,
      oneShot,
      lease: this.#lease(name, sink),
      newScore,
      room: { maxSessionEvents, maxSessionText },
      waitSlice,
      send,
      transform,
      log,
      onEnd: (ended) => {
        if (this.#sessions.get(name) === ended) this.#sessions.delete(name);
        if (ended.failure) this.#remember(name, ended.failure);
      },
    });
    this.#sessions.set(name, session);
    return session;
  }

  #lease(name: string, sink: SinkOptions): PerformerLease {
    return new PerformerLease(this.#options.pool, name, sink, new TimelineReckoning(this.#options.lookahead));
  }

  #remember(name: string, failure: PerformerError): void {
    this.#deaths.delete(name);
    this.#deaths.set(name, { failure, at: performance.now() });
    for (const [old, { at }] of this.#deaths) {
      if (this.#deaths.size <= DEATHS_KEPT && performance.now() - at < DEATH_MEMORY_MS) break;
      this.#deaths.delete(old);
    }
  }

  #reap(): void {
    for (const session of this.all) {
      if (session.reclaimable(this.#idleTimeout)) {
        this.#options.log(`Session "${session.name}" was idle for ${this.#idleTimeout / 1000} s with nobody joined; ended`);
        session.end();
      }
    }
  }
}
