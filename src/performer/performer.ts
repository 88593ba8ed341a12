import type { TimedMessage } from '../protocol/messages.js';
import { DEFAULT_LOOKAHEAD, nextShift } from '../protocol/placement-rule.js';
import { systemClock, type Clock } from './clock.js';
import { MidiClockOut } from './midi-clock.js';
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
  /**
   * How long the sound takes from a MIDI message to the speaker (an audio interface's buffer, a
   * synth's own latency), in ms: every message goes out that much earlier, so the sound lands on
   * time. Link leaves this to each app. @default 0
   */
  readonly outputLatency?: number;
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
  #clock: Clock;
  /** The performer's own lookahead, for a session whose `open` names none. */
  readonly #defaultLookahead: number;
  #lookahead: number;
  readonly #outputLatency: number;
  readonly #spinMargin: number | undefined;
  readonly #onIdle: ((position: number) => void) | undefined;
  #scheduler: Scheduler;
  #sinks: Sink[] = [];
  #midiClock: MidiClockOut | undefined;
  /** The score's tempo, as the last batch said (MIDI clock counts its beats in it). */
  #bpm = 120;
  #session: string | null = null;
  /** The session's time 0 on the clock; undefined until its first batch. */
  #origin: number | undefined;
  #shift = -Infinity;
  /** Who waits for the next burst to have gone (`afterBurst`). */
  #burstWaiters: (() => void)[] = [];

  constructor(options: PerformerOptions = {}) {
    const { lookahead = DEFAULT_LOOKAHEAD, outputLatency = 0 } = options;
    if (!(lookahead >= 0 && lookahead <= 10_000)) {
      throw new TypeError(`Expected \`lookahead\` to be a number of ms from 0 to 10000, got ${lookahead} (${typeof lookahead})`);
    }
    if (!(outputLatency >= 0 && outputLatency <= lookahead + 1000)) {
      throw new TypeError(`Expected \`outputLatency\` to be ms from 0 to lookahead + 1000, got ${outputLatency} (${typeof outputLatency})`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#defaultLookahead = this.#lookahead = lookahead;
    this.#outputLatency = outputLatency;
    this.#spinMargin = options.spinMargin;
    this.#onIdle = options.onIdle;
    this.#scheduler = this.#newScheduler();
  }

  #newScheduler(): Scheduler {
    return new Scheduler({
      clock: this.#clock,
      spinMargin: this.#spinMargin,
      send: (data, due, at) => this.#deliver(data, due, at),
      sent: () => this.#sent(),
      // Idle is reported once the sinks have caught up, so that whoever waits for the end of
      // playback finds every line of the recording in place.
      onIdle: () => {
        this.#midiClock?.stop();
        const position = this.position() ?? 0;
        void this.flush().then(() => this.#onIdle?.(position));
      },
    });
  }

  /** The clock the session plays on (Link's, with `--link`). */
  get clock(): Clock {
    return this.#clock;
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

  /**
   * Resolves once the next burst of messages has gone out, or after `ms` if none has: the moment
   * after a deadline, when there is room for other work, without a timer of its own to wake for.
   */
  afterBurst(ms: number): Promise<void> {
    const clock = this.#clock;
    return new Promise((resolve) => {
      const timer = clock.setTimer(done, ms);
      const waiters = this.#burstWaiters;
      waiters.push(done);
      function done(): void {
        clock.clearTimer(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) waiters.splice(index, 1);
        resolve();
      }
    });
  }

  get sounding(): number {
    return this.#scheduler.sounding.size;
  }

  /**
   * Takes on a session with these sinks, silencing and closing whatever it played before; its
   * timeline starts afresh, on `clock` if given (Link's), else on the clock it was made with.
   * `lookahead` is the server's (`--lookahead`), for this session.
   */
  async open(
    session: string,
    sinks: Sink[],
    options: { readonly clock?: Clock | undefined; readonly clockOut?: Sink | undefined; readonly lookahead?: number | undefined } = {},
  ): Promise<void> {
    this.#scheduler.stop();
    const { clock, clockOut } = options;
    this.#lookahead = options.lookahead ?? this.#defaultLookahead;
    // A scheduler of the session's own: it knows which channels this session has played on.
    this.#scheduler.dispose();
    this.#clock = clock ?? this.#clock;
    this.#scheduler = this.#newScheduler();
    const old = this.#sinks;
    await this.#midiClock?.close();
    this.#midiClock = clockOut === undefined ? undefined : new MidiClockOut(clockOut, this.#clock);
    this.#bpm = 120;
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
  schedule(start: number, messages: readonly TimedMessage[], continues = false, tempo?: number): Placement {
    const now = this.#clock.now();
    // On Link, a batch starts on its next bar, the session's first one included.
    const earliest = this.#clock.align?.(now + this.#lookahead) ?? now + this.#lookahead;
    this.#origin ??= earliest;
    if (!continues || this.#shift === -Infinity) {
      // `earliest` is one lookahead from now, or on Link the next bar after it.
      this.#shift = nextShift(this.#shift, earliest - this.#lookahead - this.#origin, this.#lookahead, start);
    }
    this.#tempo(tempo, this.#origin + start + this.#shift);
    if (messages.length > 0) this.#midiClock?.start(this.#origin + start + this.#shift, ((start + this.#shift) * this.#bpm) / 60_000);
    const queued = messages.map((m): QueuedMessage => ({ due: this.#sendAt(m.t), data: m.d, part: m.p }));
    for (const sink of this.#sinks) sink.prepare?.(messages.map((m) => m.d));
    this.#scheduler.add(queued);
    return this.#placement(start, messages);
  }

  /** Replaces a part's events from score time `from` on (the live swap). */
  replace(part: string, from: number, messages: readonly TimedMessage[], tempo?: number): Placement {
    if (this.#origin === undefined || this.#shift === -Infinity) return this.schedule(from, messages, false, tempo);
    this.#tempo(tempo, this.#origin + from + this.#shift);
    const queued = messages.map((m): QueuedMessage => ({ due: this.#sendAt(m.t), data: m.d, part: m.p ?? part }));
    this.#scheduler.replacePart(part, this.#sendAt(from), queued);
    return this.#placement(from, messages);
  }

  /** Resolves once every sink has caught up with what was sent. */
  async flush(): Promise<void> {
    await Promise.all(this.#sinks.map((sink) => sink.flush?.()));
  }

  /** Silences exactly what sounds and drops the queue; the timeline carries on for the next batch. */
  stop(): void {
    this.#midiClock?.stop();
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
    this.#sent();
  }

  /** Stops, then closes the sinks: the last thing a performer does. */
  async close(): Promise<void> {
    this.#scheduler.stop();
    this.#scheduler.dispose();
    await this.#midiClock?.close();
    this.#midiClock = undefined;
    const sinks = this.#sinks;
    this.#sinks = [];
    await Promise.all(sinks.map((sink) => sink.close()));
  }

  /** The score's tempo from `at` on the clock on. */
  #tempo(bpm: number | undefined, at: number): void {
    if (bpm === undefined) return;
    this.#bpm = bpm;
    this.#clock.tempo?.(bpm, at);
    this.#midiClock?.tempo(bpm);
  }

  /** When a message at score time `t` goes out on the clock: its due time, less the output latency. */
  #sendAt(t: number): number {
    return this.#origin! + t + this.#shift - this.#outputLatency;
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

  #sent(): void {
    for (const sink of this.#sinks) sink.sent?.();
    for (const done of [...this.#burstWaiters]) done();
  }
}

/** Sustain off (CC 64), All Sound Off (CC 120) and All Notes Off (CC 123), on each of the 16 channels. */
function panicMessages(): number[][] {
  return Array.from({ length: 16 }, (_, channel) => [64, 120, 123].map((controller) => [0xb0 | channel, controller, 0])).flat();
}
