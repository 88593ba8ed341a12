import type { LoopMessage } from '../../live/loop-material.js';
import type { PerformerLink } from '../../live/loop-transport.js';
import type { SinkOptions, TimedMessage } from '../../protocol/messages.js';
import { PerformerError, type PerformerPool, type PerformerRequest, type ResultFor, type WorkerRecord } from '../performer-pool.js';

/**
 * Messages per `schedule` or `replace`: few enough for the performer to take in the gap before its
 * next due message (it handles commands only there). The first chunk of a batch plays while the
 * rest travel, and they keep its placement.
 */
export const CHUNK = 256;

/** Where a batch landed on the session's timeline. */
export interface Placement {
  readonly firstDue: number;
  readonly lastDue: number;
  readonly shift: number;
  readonly position: number | null;
}

/** How a batch goes to the performer. */
export interface ScheduleOptions {
  /** The batch keeps an earlier batch's placement. */
  readonly continues?: boolean;
  /** Called once the performer holds the first chunk: from then on the batch plays, even if a later chunk fails. */
  readonly taken?: () => void;
  /** Aborting it sends no further chunk; `schedule` rejects with its reason. */
  readonly signal?: AbortSignal;
}

type LeaseState = 'idle' | 'opening' | 'open' | 'released';

/** What a performer took with it when it died: where the session was, and how many parts it cut short. */
export interface Obituary {
  /** Ms on the session's timeline, from the performer's last report; null before it started playing. */
  readonly position: number | null;
  readonly partsCut: number;
}

/**
 * The one way to a performer for a session (an evaluation, live loops, a job's play): it takes a
 * performer from the pool and opens it with the session's sinks once, however many callers ask at
 * once, sends batches in chunks, and gives the performer back when the session ends.
 *
 *   idle ─open─▶ opening ─▶ open ─release─▶ released
 *     ▲             │          │
 *     └── failed ───┘          └─ the performer died (lost): idle again, the next open takes another
 *
 * A release while opening is not lost: the performer, once it comes, goes straight back.
 */
export class PerformerLease {
  readonly session: string;
  #sink: SinkOptions;
  readonly #pool: PerformerPool;
  #state: LeaseState = 'idle';
  #worker: WorkerRecord | undefined;
  #opening: Promise<WorkerRecord> | undefined;
  /** The chunks of the last batch still on their way, after its first was placed. */
  #rest: Promise<void> = Promise.resolve();
  /** Bumped by a stop: chunks of an earlier batch still on their way are dropped. */
  #generation = 0;
  /** When each part's last queued message is due on the timeline: a performer that dies before then cuts it short. */
  readonly #partEnds = new Map<string, number>();
  /** The performer's last reported position, and when (performance.now()) it said so. */
  #lastPosition: { position: number; at: number } | undefined;

  constructor(pool: PerformerPool, session: string, sink: SinkOptions) {
    this.#pool = pool;
    this.session = session;
    this.#sink = sink;
  }

  /** Where the performer plays (MIDI port, recording): fixed once it opens. */
  get sink(): SinkOptions {
    return this.#sink;
  }

  /**
   * A client names a sink (`--port`, `--record`) for a session that exists: until the performer
   * opens, the lease takes it; once one plays, a different sink is refused, never silently dropped.
   */
  claimSink(sink: SinkOptions | undefined): void {
    const differs = (key: 'port' | 'record') => sink?.[key] !== undefined && sink[key] !== this.#sink[key];
    if (!differs('port') && !differs('record')) return;
    if (this.#state === 'idle') {
      this.#sink = { ...this.#sink, ...Object.fromEntries(Object.entries(sink!).filter(([, value]) => value !== undefined)) };
      return;
    }
    throw new PerformerError(
      'ALDA_SINK_IN_USE',
      `Session "${this.session}" already plays through ${describeSink(this.#sink)}; --port and --record take effect when a session starts: leave out --session for a new one, or join without them`,
    );
  }

  /** The performer, once open. */
  get worker(): WorkerRecord | undefined {
    return this.#state === 'open' ? this.#worker : undefined;
  }

  get released(): boolean {
    return this.#state === 'released';
  }

  /**
   * The session's performer, taken and opened on first use; callers that come meanwhile share
   * that one. `notices` (e.g. no audio device) go to the caller that opened it.
   */
  async open(): Promise<{ worker: WorkerRecord; notices: string[] }> {
    if (this.#state === 'released') throw new PerformerError('ALDA_SESSION_CLOSED', `Session "${this.session}" has ended`);
    if (this.#state === 'open') return { worker: this.#worker!, notices: [] };
    if (this.#opening) return { worker: await this.#opening, notices: [] };
    let notices: string[] = [];
    this.#state = 'opening';
    this.#opening = (async () => {
      const worker = await this.#pool.acquire(this.session);
      if (this.#state === 'released') {
        this.#pool.release(worker);
        throw new PerformerError('ALDA_SESSION_CLOSED', `Session "${this.session}" ended while it was getting its performer`);
      }
      try {
        const opened = await this.#pool.request(worker, { type: 'open', session: this.session, sink: this.#sink });
        notices = opened.notices ?? [];
      } catch (error) {
        this.#pool.release(worker);
        throw error;
      }
      if ((this.#state as LeaseState) === 'released') {
        this.#pool.release(worker);
        throw new PerformerError('ALDA_SESSION_CLOSED', `Session "${this.session}" ended while it was getting its performer`);
      }
      this.#worker = worker;
      this.#state = 'open';
      return worker;
    })();
    try {
      return { worker: await this.#opening, notices };
    } catch (error) {
      if (this.#state === 'opening') this.#state = 'idle';
      throw error;
    } finally {
      this.#opening = undefined;
    }
  }

  /** A command to the open performer. */
  request<C extends PerformerRequest>(command: C): Promise<ResultFor<C>> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new PerformerError('ALDA_PERFORMER_GONE', `Session "${this.session}" has no performer`));
    return this.#pool.request(worker, command);
  }

  /** Sends a batch in chunks; the rest keep the first chunk's placement. */
  async schedule(start: number, messages: readonly TimedMessage[], options: ScheduleOptions = {}): Promise<Placement> {
    const { placement, sent } = await this.place(start, messages, options);
    await sent;
    return placement;
  }

  /**
   * Places a batch, and resolves once its first chunk is placed: a big score (a 1 MB file is some
   * 1,800 chunks) plays long before its last chunk has gone. The rest follows in order (`sent`
   * settles when it has): a later batch waits for it, and a `stop` drops what has not gone yet.
   */
  async place(start: number, messages: readonly TimedMessage[], options: ScheduleOptions = {}): Promise<{ placement: Placement; sent: Promise<void> }> {
    await this.#rest;
    options.signal?.throwIfAborted();
    const first = await this.request({ type: 'schedule', start, messages: messages.slice(0, CHUNK), continues: options.continues ?? false });
    this.#heard(first.position);
    this.#queued(messages, first.shift);
    options.taken?.();
    const generation = this.#generation;
    const sent = (async () => {
      for (let i = CHUNK; i < messages.length && this.#generation === generation; i += CHUNK) {
        options.signal?.throwIfAborted();
        await this.request({ type: 'schedule', start, messages: messages.slice(i, i + CHUNK), continues: true });
      }
    })();
    this.#rest = sent.catch(() => undefined);
    const firstDue = first.firstDue;
    const span = messages.length === 0 ? 0 : messages.at(-1)!.t - messages[0]!.t;
    return { placement: { firstDue, lastDue: firstDue + span, shift: first.shift, position: first.position }, sent };
  }


  /** Drops the part's queued messages from `from` on and queues these instead, in chunks. */
  async replace(part: string, from: number, messages: readonly TimedMessage[]): Promise<void> {
    const placed = await this.request({ type: 'replace', part, from, messages: messages.slice(0, CHUNK) });
    this.#heard(placed.position);
    this.#queued(messages, placed.shift);
    for (let i = CHUNK; i < messages.length; i += CHUNK) {
      await this.request({ type: 'schedule', start: 0, messages: messages.slice(i, i + CHUNK), continues: true });
    }
  }

  /** Silences the performer, if there is one; a performer gone meanwhile has nothing to silence. */
  async stop(): Promise<void> {
    this.#generation++;
    if (this.#state !== 'open') return;
    this.#partEnds.clear();
    await this.request({ type: 'stop' }).catch((error: unknown) => {
      if (!(error instanceof PerformerError)) throw error;
    });
  }

  /** The performer's queue and what sounds; nothing when there is no performer. */
  async position(): Promise<{ position: number | null; pending: number; sounding: number }> {
    if (this.#state !== 'open') return { position: null, pending: 0, sounding: 0 };
    const status = await this.request({ type: 'position' });
    this.#heard(status.position);
    return { position: status.position, pending: status.pending, sounding: status.sounding };
  }

  /** Whether anything of this lease is queued or sounding; a performer gone meanwhile plays nothing. */
  async playing(): Promise<boolean> {
    try {
      const { pending, sounding } = await this.position();
      return pending > 0 || sounding > 0;
    } catch (error) {
      if (error instanceof PerformerError) return false;
      throw error;
    }
  }

  /** The live loops' way to this performer. */
  link(): PerformerLink {
    return {
      schedule: async (messages, first) => ({ shift: (await this.schedule(0, wire(messages), { continues: !first })).shift }),
      replace: (part, from, messages) => this.replace(part, from, wire(messages)),
      // Not `position()`: loops whose performer is gone must fail, not read a timeline at rest.
      position: async () => (await this.request({ type: 'position' })).position,
    };
  }

  /**
   * The performer died (the pool buried it): the next `open` takes another. Says where the
   * session was (extrapolated from the performer's last report) and which parts it cut short.
   */
  lost(now = performance.now()): Obituary {
    const last = this.#lastPosition;
    const position = last === undefined ? null : last.position + (now - last.at);
    const partsCut = position === null ? this.#partEnds.size : [...this.#partEnds.values()].filter((end) => end >= position).length;
    this.#partEnds.clear();
    this.#lastPosition = undefined;
    if (this.#state === 'open') {
      this.#worker = undefined;
      this.#state = 'idle';
    }
    return { position, partsCut };
  }

  /**
   * After the performer died: another opens the same sinks (the same MIDI port, the same
   * recording) and releases every note on every channel, whatever the dead one left sounding;
   * then it goes back.
   */
  async silence(): Promise<void> {
    const worker = await this.#pool.acquire(this.session);
    try {
      await this.#pool.request(worker, { type: 'open', session: this.session, sink: this.#sink });
      await this.#pool.request(worker, { type: 'panic' });
    } finally {
      this.#pool.release(worker);
    }
  }

  #heard(position: number | null): void {
    if (position !== null) this.#lastPosition = { position, at: performance.now() };
  }

  /** Each part's last message of a batch placed with `shift`, as its end on the timeline. */
  #queued(messages: readonly TimedMessage[], shift: number): void {
    for (const message of messages) {
      const part = message.p ?? '';
      const due = message.t + shift;
      if (!(this.#partEnds.get(part)! >= due)) this.#partEnds.set(part, due);
    }
  }

  /** Gives the performer back (it is ended, or, started by hand, kept silenced); the lease is over. */
  release(): void {
    const worker = this.#state === 'open' ? this.#worker : undefined;
    this.#state = 'released';
    this.#worker = undefined;
    if (worker && worker.state !== 'gone') this.#pool.release(worker);
  }
}

function wire(messages: readonly LoopMessage[]): TimedMessage[] {
  return messages.map((m) => ({ t: m.t, d: [...m.d], p: m.p }));
}

function describeSink(sink: SinkOptions): string {
  const output = sink.port === undefined ? 'the built-in synth' : `port "${sink.port}"`;
  return sink.record === undefined ? output : `${output}, recording to ${sink.record}`;
}
