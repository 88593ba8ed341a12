import { LoopEvalError, loopScore, type LoopMessage } from '../live/loop-material.js';
import { LoopTransport, LoopTransportClosed, type LoopStatus, type PerformerLink } from '../live/loop-transport.js';
import { parseQuant, QuantError, type Quant } from '../live/quant.js';
import { sourceSpan } from './engine-score.js';
import { EvalFailure } from './live-score.js';
import { PerformerError, type PerformerPool, type WorkerRecord } from './performer-pool.js';
import { PROTOCOL_VERSION, type ClientRequest, type TimedMessage } from '../protocol/messages.js';
import type { Sessions } from './sessions.js';

type LiveRequest = Extract<ClientRequest, { type: 'live' }>;

export interface LiveLoopsOptions {
  readonly sessions: Sessions;
  readonly pool: PerformerPool;
  readonly log: (line: string) => void;
}

/** Messages per `schedule`/`replace`: small enough for the performer to take between two due messages. */
const CHUNK = 256;

/**
 * Sessions in live mode (docs/live.md): each has a loop transport feeding its performer. The
 * server's requests `live`, `unloop` and `live-status` land here; an `eval` or a `stop` in the
 * session ends its live mode.
 */
export class LiveLoops {
  readonly #options: LiveLoopsOptions;
  readonly #loops = new Map<string, LoopTransport>();
  /** The last error of each live session, for its status line, until a good update. */
  readonly #errors = new Map<string, string>();
  /** Each session's `live` requests, one after another: two first requests must not start two transports. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: LiveLoopsOptions) {
    this.#options = options;
  }

  /** Evaluates a score as loops and plays it: the first time from the top, later by swapping what changed. */
  live(request: LiveRequest): Promise<Record<string, unknown>> {
    const previous = this.#queues.get(request.session) ?? Promise.resolve();
    const result = previous.then(() => this.#live(request));
    const settled = result.catch(() => undefined);
    this.#queues.set(request.session, settled);
    void settled.then(() => {
      if (this.#queues.get(request.session) === settled) this.#queues.delete(request.session);
    });
    return result;
  }

  async #live(request: LiveRequest): Promise<Record<string, unknown>> {
    const quant = request.quant === undefined ? undefined : this.#quant(request.quant);
    const existing = this.#options.sessions.get(request.session);
    if (existing) this.#options.sessions.claimSink(existing, request.sink);
    let score;
    try {
      score = loopScore(request.code, request.name);
    } catch (error) {
      if (!(error instanceof LoopEvalError)) throw error;
      if (this.#loops.has(request.session)) this.#errors.set(request.session, error.message);
      throw new EvalFailure(error.code, error.message, sourceSpan(error.source, error.span));
    }
    let transport = this.#loops.get(request.session);
    if (!transport || transport.closed) {
      const worker = await this.#performer(request);
      transport = new LoopTransport({
        link: this.#link(worker),
        quant,
        onFailure: (error) => this.#failed(request.session, transport!, error),
      });
      this.#loops.set(request.session, transport);
    } else if (quant) {
      transport.quant = quant;
    }
    let swaps;
    try {
      swaps = await this.#guard(() => transport.update(score, request.whole ?? true));
    } catch (error) {
      // The performer failed us: the next request starts the loops afresh (on a new performer if this one died).
      transport.close();
      if (this.#loops.get(request.session) === transport) this.#loops.delete(request.session);
      throw error;
    }
    this.#errors.delete(request.session);
    return {
      session: request.session,
      swaps: swaps.map((swap) => ({ part: swap.part, kind: swap.kind, at: swap.at })),
      ...(await this.#status(request.session, transport)),
    };
  }

  async unloop(session: string, part: string): Promise<Record<string, unknown>> {
    const transport = this.#running(session);
    const swap = await this.#guard(() => transport.unloop(part));
    if (!swap) throw new EvalFailure('ALDA_NO_SUCH_PART', `No part "${part}" is looping in session "${session}"; looping: ${[...transport.parts.keys()].join(', ') || 'none'}`);
    return { session, part, at: swap.at };
  }

  async status(session: string): Promise<Record<string, unknown>> {
    return { session, ...(await this.#status(session, this.#running(session))) };
  }

  /** Ends a session's live mode (an `eval` or `stop` in it), silencing the loops queued ahead. */
  async end(session: string | undefined): Promise<void> {
    const names = session === undefined ? [...this.#loops.keys()] : [session];
    for (const name of names) {
      const transport = this.#loops.get(name);
      if (!transport) continue;
      transport.close();
      this.#loops.delete(name);
      this.#errors.delete(name);
      const worker = this.#options.sessions.get(name)?.worker;
      if (worker) await this.#options.pool.request(worker, { type: 'stop' }).catch(() => undefined);
    }
  }

  close(): void {
    for (const transport of this.#loops.values()) transport.close();
    this.#loops.clear();
  }

  async #status(session: string, transport: LoopTransport): Promise<LoopStatus & { error: string | null }> {
    const status = await this.#guard(() => transport.status());
    return { ...status, error: this.#errors.get(session) ?? null };
  }

  #running(session: string): LoopTransport {
    const transport = this.#loops.get(session);
    if (!transport || transport.closed) throw new EvalFailure('ALDA_NOT_LIVE', `Session "${session}" is not in live mode`);
    return transport;
  }

  #quant(text: string): Quant {
    try {
      return parseQuant(text);
    } catch (error) {
      if (error instanceof QuantError) throw new EvalFailure(error.code, error.message);
      throw error;
    }
  }

  /** Failures a client can meet, as the codes the server answers with. */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PerformerError || error instanceof LoopTransportClosed) throw new EvalFailure(error.code, error.message);
      throw error;
    }
  }

  #failed(session: string, transport: LoopTransport, error: unknown): void {
    if (this.#loops.get(session) !== transport) return;
    this.#loops.delete(session);
    this.#errors.delete(session);
    this.#options.log(`Live loops of session "${session}" stopped: ${(error as Error).message}`);
  }

  /** The session (created if need be) and its performer, opened with the request's sink on first use. */
  async #performer(request: LiveRequest): Promise<WorkerRecord> {
    const { sessions, pool } = this.#options;
    if (!sessions.get(request.session)) {
      await sessions.eval({ v: PROTOCOL_VERSION, type: 'eval', id: request.id, session: request.session, code: '', play: false, sink: request.sink });
    }
    const session = sessions.get(request.session)!;
    if (session.worker && session.ready) return session.ready;
    session.ready = (async () => {
      const worker = await pool.acquire(session.name);
      try {
        await pool.request(worker, { type: 'open', session: session.name, sink: session.sink });
      } catch (error) {
        pool.release(worker);
        throw error;
      }
      session.worker = worker;
      return worker;
    })();
    try {
      return await session.ready;
    } catch (error) {
      session.ready = undefined;
      session.worker = undefined;
      throw error instanceof PerformerError ? new EvalFailure(error.code, error.message) : error;
    }
  }

  #link(worker: WorkerRecord): PerformerLink {
    const pool = this.#options.pool;
    return {
      async schedule(messages, first) {
        let shift = 0;
        for (let i = 0; i === 0 || i < messages.length; i += CHUNK) {
          const placed = await pool.request(worker, { type: 'schedule', start: 0, messages: wire(messages.slice(i, i + CHUNK)), continues: !first || i > 0 });
          shift = placed.shift as number;
        }
        return { shift };
      },
      async replace(part, from, messages) {
        await pool.request(worker, { type: 'replace', part, from, messages: wire(messages.slice(0, CHUNK)) });
        for (let i = CHUNK; i < messages.length; i += CHUNK) {
          await pool.request(worker, { type: 'schedule', start: 0, messages: wire(messages.slice(i, i + CHUNK)), continues: true });
        }
      },
      async position() {
        return (await pool.request(worker, { type: 'position' })).position as number | null;
      },
    };
  }
}

function wire(messages: readonly LoopMessage[]): TimedMessage[] {
  return messages.map((m) => ({ t: m.t, d: [...m.d], p: m.p }));
}
