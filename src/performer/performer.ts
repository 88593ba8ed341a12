import type { TimedMessage } from '../protocol/messages.js';
import { systemClock, type Clock } from './clock.js';
import { Scheduler, type QueuedMessage } from './scheduler.js';
import type { Sink } from './sinks/sink.js';

export interface PerformerOptions {
  readonly clock?: Clock;
  /**
   * How far ahead of now new events are placed, in ms: room for a batch to be parsed and for the
   * scheduler to be on time. A few ms, not Alda's 500. @default 10
   */
  readonly lookahead?: number;
  readonly spinMargin?: number;
  readonly onIdle?: (position: number) => void;
}

/** Where a scheduled batch landed on the session's timeline, in ms. */
export interface Placement {
  readonly firstDue: number;
  readonly lastDue: number;
  /** Added to score time to get timeline time, for this batch and until a later batch moves it on. */
  readonly shift: number;
}

/**
 * Plays one session. The performer owns the clock: the session's timeline starts (0 ms) when its
 * first batch arrives, `lookahead` ms from now, and a message at score time t is due at
 * `t + shift` on it. A batch whose start has already passed is shifted to play now, and never
 * earlier than what an earlier batch placed: `shift = max(shift, position + lookahead − start)`.
 * That is Alda's REPL rule (play what was just typed at once), with a monotonic shift so that
 * lines typed in quick succession follow one another instead of overlapping.
 */
export class Performer {
  readonly #clock: Clock;
  /** The performer's own lookahead, for a session whose `open` names none. */
  readonly #defaultLookahead: number;
  #lookahead: number;
  readonly #scheduler: Scheduler;
  #sinks: Sink[] = [];
  #session: string | null = null;
  /** The session's time 0 on the clock; undefined until its first batch. */
  #origin: number | undefined;
  #shift = -Infinity;

  constructor(options: PerformerOptions = {}) {
    const { lookahead = 10 } = options;
    if (!(lookahead >= 0 && lookahead <= 10_000)) {
      throw new TypeError(`Expected \`lookahead\` to be a number of ms from 0 to 10000, got ${lookahead} (${typeof lookahead})`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#defaultLookahead = this.#lookahead = lookahead;
    this.#scheduler = new Scheduler({
      clock: this.#clock,
      spinMargin: options.spinMargin,
      send: (data, due, at) => this.#deliver(data, due, at),
      // Idle is reported once the sinks have caught up, so that whoever waits for the end of
      // playback finds every line of the recording in place.
      onIdle: () => {
        const position = this.position() ?? 0;
        void this.flush().then(() => options.onIdle?.(position));
      },
    });
  }

  get session(): string | null {
    return this.#session;
  }

  get pending(): number {
    return this.#scheduler.pending;
  }

  /** Ms until the next message is due, or Infinity when nothing is queued. */
  quietFor(): number {
    return this.#scheduler.quietFor();
  }

  get sounding(): number {
    return this.#scheduler.sounding.size;
  }

  /**
   * Takes on a session with these sinks, silencing and closing whatever it played before; its
   * timeline starts afresh. `lookahead` is the server's (`--lookahead`), for this session.
   */
  async open(session: string, sinks: Sink[], lookahead = this.#defaultLookahead): Promise<void> {
    this.#scheduler.stop();
    this.#lookahead = lookahead;
    const old = this.#sinks;
    this.#sinks = sinks;
    this.#session = session;
    this.#origin = undefined;
    this.#shift = -Infinity;
    await Promise.all(old.map((sink) => sink.close()));
  }

  /** Where the transport is on the session's timeline, in ms (negative before it starts); null before any batch. */
  position(): number | null {
    return this.#origin === undefined ? null : this.#clock.now() - this.#origin;
  }

  /**
   * Queues a batch in score time. With `continues`, the batch is the rest of the previous one
   * (a long score sent in chunks) and keeps its shift.
   */
  schedule(start: number, messages: readonly TimedMessage[], continues = false): Placement {
    const now = this.#clock.now();
    this.#origin ??= now + this.#lookahead;
    if (!continues || this.#shift === -Infinity) {
      this.#shift = Math.max(this.#shift, now - this.#origin + this.#lookahead - start);
    }
    const queued = messages.map((m): QueuedMessage => ({ due: this.#origin! + m.t + this.#shift, data: m.d, part: m.p }));
    for (const sink of this.#sinks) sink.prepare?.(messages.map((m) => m.d));
    this.#scheduler.add(queued);
    return this.#placement(start, messages);
  }

  /** Replaces a part's events from score time `from` on (the live swap). */
  replace(part: string, from: number, messages: readonly TimedMessage[]): Placement {
    if (this.#origin === undefined || this.#shift === -Infinity) return this.schedule(from, messages);
    const queued = messages.map((m): QueuedMessage => ({ due: this.#origin! + m.t + this.#shift, data: m.d, part: m.p ?? part }));
    this.#scheduler.replacePart(part, this.#origin + from + this.#shift, queued);
    return this.#placement(from, messages);
  }

  /** Resolves once every sink has caught up with what was sent. */
  async flush(): Promise<void> {
    await Promise.all(this.#sinks.map((sink) => sink.flush?.()));
  }

  /** Silences exactly what sounds and drops the queue; the timeline carries on for the next batch. */
  stop(): void {
    this.#scheduler.stop();
    for (const sink of this.#sinks) sink.silence?.();
  }

  /**
   * Stops, then releases every note on all 16 channels of the sinks at once, tracked or not: the
   * session's previous performer died holding notes on the same MIDI port.
   */
  panic(): void {
    this.stop();
    const now = this.#clock.now();
    for (const data of panicMessages()) this.#deliver(data, now, now);
  }

  /** Stops, then closes the sinks: the last thing a performer does. */
  async close(): Promise<void> {
    this.#scheduler.stop();
    this.#scheduler.dispose();
    const sinks = this.#sinks;
    this.#sinks = [];
    await Promise.all(sinks.map((sink) => sink.close()));
  }

  /** Where the messages landed; an empty batch lands at its start. */
  #placement(start: number, messages: readonly TimedMessage[]): Placement {
    let first = Infinity;
    let last = -Infinity;
    for (const m of messages) {
      first = Math.min(first, m.t);
      last = Math.max(last, m.t);
    }
    return messages.length === 0
      ? { firstDue: start + this.#shift, lastDue: start + this.#shift, shift: this.#shift }
      : { firstDue: first + this.#shift, lastDue: last + this.#shift, shift: this.#shift };
  }

  #deliver(data: readonly number[], due: number, at: number): void {
    const origin = this.#origin ?? at;
    for (const sink of this.#sinks) sink.send(data, due - origin, at - origin);
  }
}

/** Sustain off (CC 64), All Sound Off (CC 120) and All Notes Off (CC 123), on each of the 16 channels. */
function panicMessages(): number[][] {
  return Array.from({ length: 16 }, (_, channel) => [64, 120, 123].map((controller) => [0xb0 | channel, controller, 0])).flat();
}
