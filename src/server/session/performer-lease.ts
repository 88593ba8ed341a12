import type { LoopMessage } from '../../live/loop-material.js';
import type { PerformerEngine } from '../../protocol/performer-engine.js';
import type { PerformerLink } from '../../live/loop-transport.js';
import { SystemTimeline, type Timeline } from '../../live/timeline.js';
import type { SinkOptions, TimedMessage } from '../../protocol/messages.js';
import type { LinkStatus } from '../../protocol/results.js';
import { PerformerError, sinkLaunch, type PerformerPool, type PerformerRequest, type ResultFor, type WorkerRecord } from '../performer-pool.js';
import { TimelineReckoning } from './timeline-reckoning.js';
import { NoteLog } from './note-log.js';
import { GatheredSchedule, type ScheduleAnswer, type ScheduleCommand } from './gathered-schedule.js';
import { arrayBatch, CHUNK, type TimedBatch } from './timed-batch.js';

/** Batches of one chunk a session sends before it waits for the performer to answer the oldest. */
const IN_FLIGHT = 8;

/**
 * Chunks of a batch on their way to the performer at once, unanswered: one at a time, a busy
 * machine's round trip (the server or the performer waiting for a CPU) outlasted the music a
 * chunk holds, and the performer ran dry, its notes late by the sum (seconds under load 12).
 */
const CHUNKS_AHEAD = 4;

/**
 * How long before a gathered batch's first note is due (beyond the lookahead) it goes to the
 * performer at the latest, in ms: notes due later wait in the server, gathering more, and one
 * due sooner sends them all at the end of the turn.
 */
const HOLD_MARGIN = 200;

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
  /** Called once the first chunk has gone to the performer: from then on the batch is the session's, whatever the performer makes of it. */
  readonly taken?: () => void;
  /** The score's tempo where the batch starts (a performer on Link counts beats in it). */
  readonly tempo?: number | undefined;
  /** Aborting it sends no further chunk; `schedule` rejects with its reason. */
  readonly signal?: AbortSignal;
  /**
   * A batch of one chunk may wait to go with others (see `#gather`): an evaluation's, whose
   * answer does not wait for the performer's. Live loops and jobs, which wait for it, go at once.
   */
  readonly gathers?: boolean;
}

type LeaseState = 'idle' | 'opening' | 'open' | 'released';

/** What a performer took with it when it died: where the session was, and how many parts it cut short. */
export interface Obituary {
  /** Ms on the session's timeline, as reckoned from the performer's reports; null before its first batch. */
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
  /** Every note placed through the lease, on the session's timeline (the page's piano roll). */
  readonly notes = new NoteLog();
  #sink: SinkOptions;
  readonly #pool: PerformerPool;
  #state: LeaseState = 'idle';
  #worker: WorkerRecord | undefined;
  #opening: Promise<WorkerRecord> | undefined;
  /** What the next batch waits for: the chunks of the last batch still on their way, or a performer that falls behind. */
  #rest: Promise<void> = Promise.resolve();
  /** Batches of one chunk sent, whose answer has not come, oldest first. */
  readonly #inFlight: Promise<void>[] = [];
  /** Bumped by a stop: chunks of an earlier batch still on their way are dropped. */
  #generation = 0;
  /** When each part's last queued message is due on the timeline: a performer that dies before then cuts it short. */
  readonly #partEnds = new Map<string, number>();
  /** Where the performer is and places batches, between its answers. */
  readonly #timeline: TimelineReckoning;
  /** The live loops' tempo, as their timeline was last told: it goes with each of their batches. */
  #loopTempo: number | undefined;
  /** Link as the performer last reported it, when the session plays on Link. */
  #link: LinkStatus | undefined;
  /** Whether the performer that died may have left notes sounding on sinks that outlive it (a browser's do not). */
  #deadSounds = false;
  /** An evaluation's batches gathered, not yet sent. */
  #gathering: GatheredSchedule | undefined;

  constructor(pool: PerformerPool, session: string, sink: SinkOptions, timeline = new TimelineReckoning()) {
    this.#pool = pool;
    this.session = session;
    this.#sink = sink;
    this.#timeline = timeline;
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
    // Every key a client names counts: a new sink option needs no list kept here.
    const differs = (key: keyof SinkOptions) => sink?.[key] !== undefined && JSON.stringify(sink[key]) !== JSON.stringify(this.#sink[key]);
    if (!(Object.keys(sink ?? {}) as (keyof SinkOptions)[]).some(differs)) return;
    if (this.#state === 'idle') {
      this.#sink = { ...this.#sink, ...definedOnly(sink!) };
      return;
    }
    throw new PerformerError(
      'ALDA_SINK_IN_USE',
      `Session "${this.session}" already plays through ${describeSink(this.#sink)}; --port, --record, --engine, --link and --clock-out take effect when a session starts: leave out --session for a new one, or join without them`,
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
      const worker = await this.#pool.acquire(this.session, sinkLaunch(this.#sink));
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
      this.#timeline.reset();
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

  /** A command to the open performer, after the batches placed before it. */
  async request<C extends PerformerRequest>(command: C): Promise<ResultFor<C>> {
    this.#flush();
    return this.#pool.request(this.#performer(), command);
  }

  /** The open performer, or why there is none. */
  #performer(): WorkerRecord {
    const worker = this.worker;
    if (!worker) throw new PerformerError('ALDA_PERFORMER_GONE', `Session "${this.session}" has no performer`);
    return worker;
  }

  /** Sends a batch in chunks, and resolves with where the performer placed it once all have gone. */
  async schedule(start: number, messages: TimedBatch | readonly TimedMessage[], options: ScheduleOptions = {}): Promise<Placement> {
    const { placed, sent } = await this.place(start, messages, options);
    await sent;
    return placed;
  }

  /**
   * Sends the first chunk of a batch and resolves at once (once an earlier batch has gone in
   * full: a later batch waits for the performer's answer only behind a batch of several chunks),
   * with where the batch lands as reckoned here: an eval is answered without waiting for
   * the performer. `placed` is where the performer says it placed it; `sent` settles once the
   * rest has gone, in order, CHUNKS_AHEAD at most unanswered (a big score, a 1 MB file is some
   * 1,800 chunks, plays long before its last chunk has gone). A later batch
   * waits for it, and a `stop` drops what has not gone yet. Both reject if the performer refuses
   * a chunk, or goes away.
   */
  async place(
    start: number,
    batch: TimedBatch | readonly TimedMessage[],
    options: ScheduleOptions = {},
  ): Promise<{ placement: Placement; placed: Promise<Placement>; sent: Promise<void> }> {
    const messages = isBatch(batch) ? batch : arrayBatch(batch);
    await this.#rest;
    options.signal?.throwIfAborted();
    const worker = this.worker;
    if (!worker || !this.#pool.connected(worker)) throw new PerformerError('ALDA_PERFORMER_GONE', `The performer of session "${this.session}" went away`);
    const continues = options.continues ?? false;
    const shift = this.#timeline.place(start, continues);
    // An evaluation's batch of one chunk gathers (see #gather); on Link (where the performer alone knows a batch's bar) and with a MIDI clock (started by each batch) each goes alone.
    const gathers =
      options.gathers === true && !continues && messages.length > 0 && messages.length <= CHUNK && this.#sink.link === undefined && this.#sink.clockOut === undefined;
    const first = gathers
      ? this.#gather(worker, start, shift, messages, options.tempo)
      : this.#send(worker, { command: { type: 'schedule', start, continues, tempo: options.tempo }, messages: messages.json(0, CHUNK) });
    this.#queued(messages, shift);
    options.taken?.();
    const placed = first.then((answer) => {
      this.#timeline.heard(answer.position, answer.shift);
      this.#logged(messages, 0, answer.shift as number, continues);
      return placementOf(messages, answer.firstDue as number, answer.shift as number, answer.position);
    });
    const generation = this.#generation;
    const sent = placed.then(async ({ shift: taken }) => {
      const unanswered: Promise<void>[] = [];
      for (let i = CHUNK; i < messages.length && this.#generation === generation; i += CHUNK) {
        options.signal?.throwIfAborted();
        const chunk = this.#send(this.#performer(), { command: { type: 'schedule', start, continues: true }, messages: messages.json(i, i + CHUNK) });
        const logged = chunk.then(() => this.#logged(messages, i, taken, true));
        // Awaited in turn below; a refusal meanwhile is not left unhandled.
        logged.catch(() => undefined);
        unanswered.push(logged);
        if (unanswered.length >= CHUNKS_AHEAD) await unanswered.shift();
      }
      for (const chunk of unanswered) await chunk;
    });
    placed.catch(() => undefined);
    if (messages.length > CHUNK) this.#rest = sent.catch(() => undefined);
    else if (!gathers || this.#gathering?.size === 1) this.#rest = this.#unanswered(placed);
    // On Link the performer starts a batch on Link's next bar, which only it knows: its answer says where.
    if (this.#sink.link !== undefined) return { placement: await placed, placed, sent };
    const firstDue = messages.length === 0 ? 0 : messages.time(0) + shift;
    return { placement: placementOf(messages, firstDue, shift, this.#timeline.position()), placed, sent };
  }


  /** Drops the part's queued messages from `from` on and queues these instead, in chunks. */
  async replace(part: string, from: number, messages: readonly TimedMessage[], tempo?: number): Promise<void> {
    const placed = await this.request({ type: 'replace', part, from, messages: messages.slice(0, CHUNK), tempo });
    this.#timeline.heard(placed.position, placed.shift);
    const batch = arrayBatch(messages);
    this.#queued(batch, placed.shift as number);
    this.notes.cut(from + (placed.shift as number), part);
    this.#logged(batch, 0, placed.shift as number, false);
    for (let i = CHUNK; i < messages.length; i += CHUNK) {
      await this.request({ type: 'schedule', start: 0, messages: messages.slice(i, i + CHUNK), continues: true });
      this.#logged(batch, i, placed.shift, true);
    }
  }

  /** Silences the performer, if there is one; a performer gone meanwhile has nothing to silence. */
  async stop(): Promise<void> {
    this.#generation++;
    if (this.#state !== 'open') return;
    this.#partEnds.clear();
    const stopped = await this.request({ type: 'stop' }).catch((error: unknown) => {
      if (!(error instanceof PerformerError)) throw error;
    });
    if (typeof stopped?.position === 'number') this.notes.cut(stopped.position);
  }

  /** The performer's queue and what sounds; nothing when there is no performer. */
  async position(): Promise<{ position: number | null; pending: number; sounding: number; link?: LinkStatus }> {
    if (this.#state !== 'open') return { position: null, pending: 0, sounding: 0 };
    const status = await this.request({ type: 'position' });
    this.#timeline.heard(status.position);
    this.#heardLink(status.link);
    return { position: (status.position as number | null) ?? null, pending: status.pending as number, sounding: status.sounding as number, ...(this.#link ? { link: this.#link } : {}) };
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

  /** The live loops' way to this performer; their tempo comes from `timeline()`. */
  link(): PerformerLink {
    return {
      schedule: async (messages, first) => ({ shift: (await this.schedule(0, wire(messages), { continues: !first, tempo: this.#loopTempo })).shift }),
      replace: (part, from, messages) => this.replace(part, from, wire(messages), this.#loopTempo),
      // Not `position()`: loops whose performer is gone must fail, not read a timeline at rest.
      position: async () => {
        const status = await this.request({ type: 'position' });
        this.#timeline.heard(status.position);
        this.#heardLink(status.link);
        return (status.position as number | null) ?? null;
      },
    };
  }

  /** The live loops' timeline: the system's, whose tempo (the score's) also goes to the performer, for Link. */
  timeline(): Timeline {
    const timeline = new SystemTimeline();
    timeline.onTempo((bpm) => (this.#loopTempo = bpm));
    return timeline;
  }

  /** Link as the performer last reported it (peers, tempo, beat, phase, quantum), if the session plays on Link. */
  get linkStatus(): LinkStatus | undefined {
    return this.#link;
  }

  /**
   * The session plays on another kind of performer from its next batch on: what sounds is
   * silenced, the performer given back (one started by hand stays, a spare for the session), and
   * the sink's engine is `engine` (the server's own browser, not a path a client names).
   */
  async rehome(engine: PerformerEngine): Promise<void> {
    await this.stop();
    const worker = this.#state === 'open' ? this.#worker : undefined;
    if (worker) {
      this.#worker = undefined;
      this.#state = 'idle';
      this.#timeline.reset();
      if (worker.state !== 'gone') this.#pool.release(worker);
    }
    this.#sink = { ...serversEngine(this.#sink), ...(engine === 'browser' ? { engine } : {}) };
  }

  /**
   * The performer died (the pool buried it): the next `open` takes another. Says where the
   * session was (extrapolated from the performer's last report) and which parts it cut short.
   * One that came for this session alone (the live-coding page's own) does not come back with
   * its page gone: the session goes back to the server's performers, not to a browser of its own.
   */
  lost(): Obituary {
    // What was gathered for it fails now, not when it was due to go.
    this.#flush();
    // A page's sound went with its audio context: nothing of it can hang.
    this.#deadSounds = sinkLaunch(this.#sink).engine !== 'browser';
    if (this.#worker?.reservedFor === this.session && this.#worker.child === undefined) this.#sink = serversEngine(this.#sink);
    const position = this.#timeline.position();
    const partsCut = position === null ? this.#partEnds.size : [...this.#partEnds.values()].filter((end) => end >= position).length;
    this.#partEnds.clear();
    if (position !== null) this.notes.cut(position);
    this.#timeline.reset();
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
    if (!this.#deadSounds) return;
    const worker = await this.#pool.acquire(this.session);
    try {
      await this.#pool.request(worker, { type: 'open', session: this.session, sink: this.#sink });
      await this.#pool.request(worker, { type: 'panic' });
    } finally {
      this.#pool.release(worker);
    }
  }

  /**
   * Adds a batch to those gathered for the performer, sent together at the end of this turn (or,
   * when all are due well ahead, HOLD_MARGIN before the performer would place the first), or
   * before any other command to the performer; resolves with the performer's answer as it
   * applies to this batch.
   */
  #gather(worker: WorkerRecord, start: number, shift: number, messages: TimedBatch, tempo: number | undefined): Promise<ScheduleAnswer> {
    if (this.#gathering && !this.#gathering.takes(worker, tempo, messages.length)) this.#flush();
    const gathering = (this.#gathering ??= new GatheredSchedule(worker, tempo));
    const answer = gathering.add(start, shift, messages);
    const position = this.#timeline.position();
    const due = messages.time(0) + shift;
    const hold = position === null ? 0 : Math.max(0, due - position - this.#timeline.lookahead - HOLD_MARGIN);
    gathering.goWithin(hold, () => {
      if (this.#gathering === gathering) this.#flush();
    });
    return answer;
  }

  /** Sends the gathered batches as one `schedule`, if there are any. */
  #flush(): void {
    const gathering = this.#gathering;
    if (!gathering) return;
    this.#gathering = undefined;
    gathering.settle(this.#send(gathering.worker, gathering.schedule()));
  }

  /** The one way a `schedule` goes to the performer: what was gathered goes before it. */
  #send(worker: WorkerRecord, { command, messages }: ScheduleCommand): Promise<ScheduleAnswer> {
    this.#flush();
    return this.#pool.schedule(worker, command, messages);
  }

  /**
   * What the next batch waits for after a batch of one chunk, which has gone in full: nothing,
   * unless IN_FLIGHT such batches await the performer's answer (then the oldest). So a session's
   * evals do not queue behind its performer's round trips, nor flood a performer that falls behind.
   */
  #unanswered(placed: Promise<unknown>): Promise<void> {
    const answered = placed.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.push(answered);
    void answered.then(() => this.#inFlight.splice(this.#inFlight.indexOf(answered), 1));
    return this.#inFlight.length < IN_FLIGHT ? Promise.resolve() : this.#inFlight[0]!;
  }

  /** The chunk from `start` the performer took, into the note log, which makes room by where the transport is reckoned to be. */
  #logged(batch: TimedBatch, start: number, shift: number, continues: boolean): void {
    this.notes.add(batch, shift, continues, this.#timeline.position() ?? undefined, start, start + CHUNK);
  }

  #heardLink(link: unknown): void {
    if (typeof link === 'object' && link !== null) this.#link = link as LinkStatus;
  }

  /** Each part's last message of a batch placed with `shift`, as its end on the timeline. */
  #queued(messages: TimedBatch, shift: number): void {
    for (let i = 0; i < messages.length; i++) {
      const part = messages.part(i);
      const due = messages.time(i) + shift;
      if (!(this.#partEnds.get(part)! >= due)) this.#partEnds.set(part, due);
    }
  }

  /** Gives the performer back (it is ended, or, started by hand, kept silenced); the lease is over. */
  release(): void {
    this.#flush();
    const worker = this.#state === 'open' ? this.#worker : undefined;
    this.#state = 'released';
    this.#worker = undefined;
    if (worker && worker.state !== 'gone') this.#pool.release(worker);
  }
}

/** A batch's first and last due times, from where its first message lands. */
function placementOf(messages: TimedBatch, firstDue: number, shift: number, position: unknown): Placement {
  const span = messages.length === 0 ? 0 : messages.time(messages.length - 1) - messages.time(0);
  return { firstDue, lastDue: firstDue + span, shift, position: typeof position === 'number' ? position : null };
}

function isBatch(messages: TimedBatch | readonly TimedMessage[]): messages is TimedBatch {
  return !Array.isArray(messages);
}

function wire(messages: readonly LoopMessage[]): TimedMessage[] {
  return messages.map((m) => ({ t: m.t, d: [...m.d], p: m.p }));
}

function describeSink(sink: SinkOptions): string {
  const output = sink.engine === 'browser' ? 'a browser' : sink.port === undefined ? 'the built-in synth' : `port "${sink.port}"`;
  const extras = [
    sink.record === undefined ? undefined : `recording to ${sink.record}`,
    sink.link === undefined ? undefined : `on Link (quantum ${sink.link.quantum})`,
    sink.clockOut === undefined ? undefined : `MIDI clock to "${sink.clockOut}"`,
  ].filter((extra) => extra !== undefined);
  return [output, ...extras].join(', ');
}

/** The sink with the server's engine: no browser of its own. */
function serversEngine(sink: SinkOptions): SinkOptions {
  return Object.fromEntries(Object.entries(sink).filter(([key]) => key !== 'engine' && key !== 'headed' && key !== 'browser')) as SinkOptions;
}

/** A client's sink without its unset keys, so that they leave what is already set be. */
export function definedOnly(sink: SinkOptions): SinkOptions {
  return Object.fromEntries(Object.entries(sink).filter(([, value]) => value !== undefined)) as SinkOptions;
}
