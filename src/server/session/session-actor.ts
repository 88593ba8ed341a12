import { printAll } from '../../lisp/printer.js';
import { LoopEvalError, loopScore } from '../../live/loop-material.js';
import { LoopTransport } from '../../live/loop-transport.js';
import { parseQuant } from '../../live/quant.js';
import type { ClientRequest, SinkOptions, TimedMessage, TransformRequest, TransformStep } from '../../protocol/messages.js';
import { ProtocolError } from '../../protocol/protocol-error.js';
import { validate } from '../../protocol/schema-check.js';
import { schemas } from '../../protocol/schemas-on-demand.js';
import { asErrorCode } from '../../protocol/error-codes.js';
import type { EvalResult, LinkStatus, LiveResult, LiveStatusResult, NotesResult, PositionResult, RequestResults } from '../../protocol/results.js';
import { checkSessionRoom, type SessionRoom } from '../limits/session-room.js';
import { sourceSpan } from './source-span.js';
import { EvalFailure, type EvalInput, type Evaluated, type Evaluator, type EvaluatorFactory } from './evaluator.js';
import { arrayBatch, type TimedBatch } from './timed-batch.js';
import { PerformerError, sinkLaunch } from '../performer-pool.js';
import type { Obituary, PerformerLease } from './performer-lease.js';
import type { PerformerEngine } from '../../protocol/performer-engine.js';

type EvalRequest = Extract<ClientRequest, { type: 'eval' }>;
type LiveRequest = Extract<ClientRequest, { type: 'live' }>;
type CheckRequest = Extract<ClientRequest, { type: 'check' }>;

/** Notes one `notes` answer carries at most: a window of a dense score says `more`. */
export const MAX_NOTES_ANSWERED = 5000;

/** Who a session speaks to: a peer (a client's connection) by its id. */
export type PeerId = string;

export interface SessionActorOptions {
  readonly name: string;
  /** Ends (and frees its performer) once it has played everything, or failed to: `alda-live play`. */
  readonly oneShot: boolean;
  readonly lease: PerformerLease;
  readonly newScore: EvaluatorFactory;
  readonly room: SessionRoom;
  /** How long a `wait` is held before it answers "not yet", in ms. */
  readonly waitSlice: number;
  /** Asks a broker service (a transformer of an eval's `transform` chain) and resolves with its answer. */
  readonly transform: (service: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** Tells a member of another member's evaluation. */
  readonly send: (peer: PeerId, message: Record<string, unknown>) => void;
  /** The session has ended: its registry forgets it. */
  readonly onEnd: (session: SessionActor) => void;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

/**
 * One session, and the one owner of everything it holds: its score, its text, its members, its
 * live loops, its performer lease and its waiters. Every request that changes it runs on one
 * serial queue, in the order the requests arrived, so that two evaluations can neither take two
 * performers nor append their text out of order, and a `live` cannot outlive the `eval` after it.
 * (`wait` and `position` only read, and do not queue behind a long evaluation.)
 */
export class SessionActor {
  readonly name: string;
  readonly oneShot: boolean;
  /** Joined clients, told of every evaluation made by another. */
  readonly members = new Set<PeerId>();
  readonly #options: SessionActorOptions;
  readonly #lease: PerformerLease;
  readonly #now: () => number;
  #score: Evaluator;
  #text = '';
  /** Whether anything was ever evaluated (or looped) here: a session whose first evaluation fails never was. */
  #started = false;
  #tail: Promise<unknown> = Promise.resolve();
  /** Requests queued or running. */
  #busy = 0;
  /** Batches on their way to the performer: a dry queue meanwhile is not the end. */
  #sending = 0;
  /** Something was scheduled and the performer has not yet reported its queue dry. */
  #playing = false;
  #loops: LoopTransport | undefined;
  /** The last `live` that failed, shown by `live-status` until a good one. */
  #liveError: string | undefined;
  readonly #waiters = new Set<(done: boolean | PerformerError) => void>();
  /** The performer died while the session played: what `wait` answers until the next evaluation. */
  #failure: PerformerError | undefined;
  #touched: number;
  #ended = false;

  constructor(options: SessionActorOptions) {
    this.#options = options;
    this.name = options.name;
    this.oneShot = options.oneShot;
    this.#lease = options.lease;
    this.#score = options.newScore();
    this.#now = options.now ?? (() => performance.now());
    this.#touched = this.#now();
  }

  get score(): Evaluator {
    return this.#score;
  }

  /** The text evaluated so far, one evaluation a line (forms as alda.lisp): what a client that joins starts from. */
  get text(): string {
    return this.#text;
  }

  get worker() {
    return this.#lease.worker;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Why the session's playing was cut short, if its performer died. */
  get failure(): PerformerError | undefined {
    return this.#failure;
  }

  /** Nobody has used the session for `idle` ms, nobody is joined, nothing plays or is under way. */
  reclaimable(idle: number): boolean {
    return (
      !this.#ended && this.#busy === 0 && this.members.size === 0 && this.#loops === undefined && !this.#playing && this.#sending === 0 && this.#now() - this.#touched >= idle
    );
  }

  /** Evaluates (all-or-nothing), then plays the new events on the session's performer. */
  eval(request: EvalRequest, from: PeerId | undefined): Promise<EvalResult> {
    return this.#serial(async () => {
      if ((request.code === undefined) === (request.forms === undefined)) {
        throw new EvalFailure('ALDA_BAD_MESSAGE', 'An eval carries exactly one of `code` and `forms`');
      }
      const line = evaluatedText(request);
      checkSessionRoom(this, request.reset, line, this.#options.room);
      this.#failure = undefined;
      await this.#endLive();
      // A new or reset score is evaluated before it replaces anything; any score gives its new
      // events back if the session has no performer to play them: a failure leaves no trace.
      const fresh = request.reset === true || !this.#started;
      const input = { code: request.code, forms: request.forms, name: request.name, from: request.from, to: request.to };
      const score = fresh ? this.#options.newScore(input) : this.#score;
      try {
        return await this.#evaluate(request, from, line, score, fresh, input);
      } finally {
        // A fresh score the session did not take is let go; so is the one a reset replaced.
        if (fresh && score !== this.#score) score.dispose?.();
      }
    });
  }

  async #evaluate(request: EvalRequest, from: PeerId | undefined, line: string, score: Evaluator, fresh: boolean, input: EvalInput): Promise<EvalResult> {
    {
      const evaluated = await score.evaluate(input);
      let notices: string[] = [];
      if (request.play !== false && evaluated.events > 0) {
        try {
          ({ notices } = await this.#lease.open());
        } catch (error) {
          if (!fresh) score.revert();
          if (this.oneShot) this.#end();
          throw error;
        }
      }
      const result: EvalResult = { session: this.name, events: evaluated.events, start: evaluated.start, end: evaluated.end };
      if (request.play === false || evaluated.messages.length === 0) {
        this.#commit(score, request, line, evaluated.events, from);
        // A one-shot session with nothing to play is done.
        if (this.oneShot) this.#end();
        return result;
      }
      // All or nothing: the session takes the evaluation once the first chunk of its batch has gone
      // to the performer; if it cannot go (the performer went away), the score is as it was (a reset
      // keeps the old one). What the performer then makes of it is told to the session as events.
      let taken = false;
      const take = () => {
        taken = true;
        this.#playing = true;
        this.#commit(score, request, line, evaluated.events, from);
      };
      // The answer comes once the first chunk has gone, placed as reckoned here; the session is
      // "sending" until the performer has taken every chunk.
      this.#sending++;
      try {
        const messages = await this.#transformed(evaluated, request.transform ?? []);
        if (request.reset) await this.#lease.stop();
        const { placement, sent } = await this.#lease.place(evaluated.start, messages, { taken: take, tempo: evaluated.tempo, gathers: true });
        void sent.then(
          () => this.#sent(),
          (error: Error) => {
            this.#sent();
            this.#refused(error);
          },
        );
        return { ...result, firstDue: placement.firstDue, lastDue: placement.lastDue, position: placement.position, notices, performer: this.#lease.worker?.pid };
      } catch (error) {
        this.#sending--;
        if (!taken && !fresh) score.revert();
        if (this.oneShot) this.#end();
        throw error;
      }
    }
  }

  /**
   * The new messages after each transformer of the chain in turn, each answer checked against
   * the schema before the next step (or the performer) sees it.
   */
  async #transformed(evaluated: Evaluated, chain: readonly TransformStep[]): Promise<TimedBatch> {
    if (chain.length === 0) return evaluated.messages;
    let messages: TimedMessage[] = evaluated.messages.slice();
    for (const step of chain) {
      const body: TransformRequest = { messages, tempo: [...evaluated.tempoMap], args: step.args ?? [] };
      const answer = validate(schemas().transformAnswerSchema, { v: 1, ...(await this.#options.transform(step.service, body)) });
      if (answer instanceof ProtocolError) {
        throw new EvalFailure('ALDA_BAD_TRANSFORM', `The transformer "${step.service}" answered something that is not a batch of messages: ${answer.message.replace(/^Invalid message/, 'invalid answer')}`);
      }
      messages = answer.messages.sort((a, b) => a.t - b.t);
    }
    return arrayBatch(messages);
  }

  /** A batch has gone to the performer in full. */
  #sent(): void {
    this.#sending--;
  }

  /**
   * The performer did not take (all of) an evaluation it was sent, after the eval was answered:
   * `wait` answers why until the next evaluation, and the members are told. A performer that went
   * away is told of by `lost`, with where it died.
   */
  #refused(error: Error): void {
    if (error instanceof PerformerError && error.code === 'ALDA_PERFORMER_GONE') {
      this.#options.log(`Session "${this.name}": a batch did not reach its performer: ${error.message}`);
      return;
    }
    const code = error instanceof PerformerError ? error.code : 'ALDA_PERFORMER_ERROR';
    this.#failure = new PerformerError(code, `The performer of session "${this.name}" refused the notes of an evaluation (${error.message}); they were not played`);
    this.#options.log(this.#failure.message);
    for (const member of this.members) this.#options.send(member, { type: 'event', session: this.name, kind: 'performer-refused', message: this.#failure.message });
    this.#settle(this.#failure);
    if (this.oneShot) this.#end();
  }

  /** What evaluating would report, without changing the score. */
  check(request: CheckRequest): Promise<RequestResults['check']> {
    return this.#serial(async () => {
      const input = { code: request.code, forms: request.forms, name: request.name };
      const fresh = request.reset || !this.#started;
      const score = fresh ? this.#options.newScore(input) : this.#score;
      try {
        return { session: this.name, diagnostics: await score.check(input) };
      } finally {
        if (fresh) score.dispose?.();
      }
    });
  }

  /** Evaluates a score as loops and plays it: the first time from the top, later by swapping what changed. */
  live(request: LiveRequest): Promise<LiveResult> {
    return this.#serial(async () => {
      const quant = request.quant === undefined ? undefined : parseQuant(request.quant);
      let score;
      try {
        score = loopScore(request.code, request.name);
      } catch (error) {
        if (!(error instanceof LoopEvalError)) throw error;
        if (this.#loops) this.#liveError = error.message;
        throw new EvalFailure(asErrorCode(error.code), error.message, sourceSpan(error.source, error.span));
      }
      this.#failure = undefined;
      let transport = this.#loops;
      let notices: string[] = [];
      if (!transport || transport.closed) {
        ({ notices } = await this.#lease.open());
        this.#started = true;
        const started: LoopTransport = new LoopTransport({ link: this.#lease.link(), timeline: this.#lease.timeline(), quant, onFailure: (error) => this.#loopsFailed(started, error) });
        this.#loops = transport = started;
      } else if (quant) {
        transport.quant = quant;
      }
      let swaps;
      try {
        swaps = await transport.update(score, request.whole ?? true);
      } catch (error) {
        // The performer failed us: the next request starts the loops afresh (on a new performer if this one died).
        transport.close();
        if (this.#loops === transport) this.#loops = undefined;
        throw error;
      }
      this.#liveError = undefined;
      return { session: this.name, swaps: swaps.map((swap) => ({ part: swap.part, kind: swap.kind, at: swap.at })), ...(await this.#status(transport)), ...(notices.length > 0 ? { notices } : {}) };
    });
  }

  unloop(part: string): Promise<RequestResults['unloop']> {
    return this.#serial(async () => {
      const transport = this.#running();
      const swap = await transport.unloop(part);
      if (!swap) throw new EvalFailure('ALDA_NO_SUCH_PART', `No part "${part}" is looping in session "${this.name}"; looping: ${[...transport.parts.keys()].join(', ') || 'none'}`);
      return { session: this.name, part, at: swap.at };
    });
  }

  liveStatus(): Promise<LiveStatusResult> {
    return this.#serial(async () => ({ session: this.name, ...(await this.#status(this.#running())) }));
  }

  /** Silences the session: its loops end, and what its performer holds. */
  stop(): Promise<void> {
    return this.#serial(async () => {
      await this.#endLive();
      await this.#lease.stop();
      this.#playing = false;
      this.#settle(true);
    });
  }

  /** Where its performer plays (or will, once one opens). */
  /** With `--link`: where Link was at the performer's last report. */
  get link(): LinkStatus | undefined {
    return this.#lease.linkStatus;
  }

  get sink(): SinkOptions {
    return this.#lease.sink;
  }

  /** A sink named by a client that comes to this session: see PerformerLease.claimSink. */
  claimSink(sink: SinkOptions | undefined): void {
    this.#lease.claimSink(sink);
  }

  /** Adds a member, and gives it the session so far. */
  join(peer: PeerId): Promise<RequestResults['join']> {
    return this.#serial(async () => {
      this.members.add(peer);
      return { session: this.name, events: this.#score.size, code: this.#text };
    });
  }

  /** Whether anything of the session is on its way to its performer, queued or sounding. */
  async playing(): Promise<boolean> {
    return this.#sending > 0 || (await this.#lease.playing());
  }

  async position(): Promise<PositionResult> {
    this.#touched = this.#now();
    return { session: this.name, ...(await this.#lease.position()) };
  }

  /**
   * The notes its performer was given that sound in [from, to] of its timeline, and where the
   * transport is: the live-coding page's piano roll asks several times a second. Read-only, so it
   * does not queue behind an evaluation.
   */
  async notes(from = -Infinity, to = Infinity): Promise<NotesResult> {
    this.#touched = this.#now();
    const { position } = await this.#lease.position();
    return { session: this.name, position, ...this.#lease.notes.between(from, to, MAX_NOTES_ANSWERED) };
  }

  /** Answers when the session has played everything, or after a slice of time with `done: false`. */
  async wait(): Promise<RequestResults['wait']> {
    this.#touched = this.#now();
    if (this.#failure) throw this.#failure;
    if (!this.#lease.worker) return { session: this.name, done: true };
    let status;
    try {
      status = await this.#lease.position();
    } catch (error) {
      // The performer went while we asked: a one-shot session that ended as it went idle is done; a death is said as such.
      if (!(error instanceof PerformerError)) throw error;
      if (this.#failure) throw this.#failure;
      if (this.#ended) return { session: this.name, done: true };
      throw error;
    }
    if (status.pending === 0 && status.sounding === 0 && this.#sending === 0) return { session: this.name, done: true, position: status.position };
    const done = await new Promise<boolean | PerformerError>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(settle);
        resolve(false);
      }, this.#options.waitSlice);
      const settle = (finished: boolean | PerformerError) => {
        clearTimeout(timer);
        resolve(finished);
      };
      this.#waiters.add(settle);
    });
    if (done instanceof PerformerError) throw done;
    return { session: this.name, done };
  }

  /**
   * Moves the session to another kind of performer (the live-coding page's own sound, or the
   * server's): its loops end and what sounds is silenced, as a `stop` does, and the next
   * evaluation plays on a performer of `engine`. The score and the members stay.
   */
  engine(engine: PerformerEngine): Promise<RequestResults['engine']> {
    return this.#serial(async () => {
      if (sinkLaunch(this.#lease.sink).engine === engine) return { session: this.name, engine, changed: false };
      await this.#endLive();
      await this.#lease.rehome(engine);
      this.#playing = false;
      this.#settle(true);
      return { session: this.name, engine, changed: true };
    });
  }

  /** Ends the session after what is queued: its loops stop, its performer goes back, its members are let go. */
  close(): Promise<void> {
    return this.#serial(async () => this.#end());
  }

  /** Ends the session now (the server is closing, or the session was idle long enough). */
  end(): void {
    this.#end();
  }

  /** The performer reported its queue dry. */
  idle(): void {
    // Dry between two chunks of a batch still on its way is not the end: the rest will play.
    if (this.#sending > 0) return;
    this.#playing = false;
    this.#touched = this.#now();
    this.#settle(true);
    if (this.oneShot && this.#lease.worker) this.#end();
  }

  /**
   * The performer died. Whatever it left sounding is released on the same sinks by another
   * performer, before anything else the session is asked; waiters and members are told where it
   * died and what it cut short; its loops are over; the next evaluation gets a new performer.
   */
  lost(): void {
    const obituary = this.#lease.lost();
    const wasPlaying = this.#playing || this.#sending > 0;
    const loops = this.#loops;
    if (loops) {
      loops.close();
      this.#loopsFailed(loops, new Error('their performer went away'));
    }
    this.#playing = false;
    if (wasPlaying) {
      this.#failure = new PerformerError('ALDA_PERFORMER_DIED', describeDeath(this.name, obituary));
      this.#options.log(this.#failure.message);
      for (const member of this.members) this.#options.send(member, { type: 'event', session: this.name, kind: 'performer-died', message: this.#failure.message });
    }
    this.#settle(this.#failure ?? true);
    // On the queue, even past the session's end (a one-shot whose eval failed with it): nothing new plays before the silence.
    this.#tail = this.#tail.then(async () => {
      try {
        await this.#lease.silence();
      } catch (error) {
        this.#options.log(`Could not silence the sinks of session "${this.name}" after its performer died: ${(error as Error).message}`);
      }
      if (this.oneShot) this.#end();
    });
  }

  left(peer: PeerId): void {
    if (this.members.delete(peer)) this.#touched = this.#now();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    this.#busy++;
    const result = this.#tail.then(() => {
      if (this.#ended) throw new EvalFailure('ALDA_SESSION_CLOSED', `Session "${this.name}" has ended`);
      return work();
    });
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    void this.#tail.then(() => {
      this.#busy--;
      this.#touched = this.#now();
      // A session whose first evaluation failed never began: it goes, unless more work waits for it.
      if (!this.#started && this.#busy === 0 && this.members.size === 0) this.#end();
    });
    return result;
  }

  #commit(score: Evaluator, request: EvalRequest, line: string, events: number, from: PeerId | undefined): void {
    if (score !== this.#score) this.#score.dispose?.();
    this.#score = score;
    this.#started = true;
    this.#text = (request.reset ? '' : this.#text) + line;
    for (const member of this.members) {
      if (member !== from) this.#options.send(member, { type: 'update', session: this.name, events, code: request.code });
    }
  }

  async #status(transport: LoopTransport): Promise<Omit<LiveStatusResult, 'session'>> {
    const status = await transport.status();
    const link = this.link;
    return { now: status.now, quant: status.quant, parts: [...status.parts], pending: [...status.pending], error: this.#liveError ?? null, ...(link ? { link } : {}) };
  }

  #running(): LoopTransport {
    const transport = this.#loops;
    if (!transport || transport.closed) throw new EvalFailure('ALDA_NOT_LIVE', `Session "${this.name}" is not in live mode`);
    return transport;
  }

  /** Ends live mode (an `eval` or a `stop`), silencing the loops queued ahead. */
  async #endLive(): Promise<void> {
    const transport = this.#loops;
    if (!transport) return;
    transport.close();
    this.#loops = undefined;
    this.#liveError = undefined;
    await this.#lease.stop();
  }

  #loopsFailed(transport: LoopTransport, error: unknown): void {
    if (this.#loops !== transport) return;
    this.#loops = undefined;
    this.#liveError = undefined;
    this.#options.log(`Live loops of session "${this.name}" stopped: ${(error as Error).message}`);
  }

  #settle(done: boolean | PerformerError): void {
    for (const waiter of this.#waiters) waiter(done);
    this.#waiters.clear();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#loops?.close();
    this.#loops = undefined;
    this.#lease.release();
    this.#score.dispose?.();
    this.#settle(true);
    this.members.clear();
    this.#options.onEnd(this);
  }
}

/** `The performer of session "play-x" died at 0:12; 3 parts silenced`. */
function describeDeath(session: string, { position, partsCut }: Obituary): string {
  const at = position === null ? 'before it began to play' : `at ${clockTime(Math.max(0, position))}`;
  return `The performer of session "${session}" died ${at}; ${partsCut} ${partsCut === 1 ? 'part' : 'parts'} silenced, the rest of the score was not played`;
}

/** Ms as m:ss, the way Alda writes a time in a score (-F 0:12). */
function clockTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** An evaluation as a line of the session's text. */
function evaluatedText(request: EvalRequest): string {
  const text = (request.code ?? printAll(request.forms ?? [])).trim();
  return text === '' ? '' : text + '\n';
}
