import type { Clock } from './clock.js';
import { SoundingNotes } from './sounding-notes.js';

/** One MIDI message waiting for its moment, `due` on the scheduler's clock. */
export interface QueuedMessage {
  readonly due: number;
  readonly data: readonly number[];
  readonly part?: string | undefined;
}

/**
 * The longest the loop sends and spins without letting I/O in: a stream denser than the spin
 * margin would otherwise keep it to itself to the end, and no command or heartbeat would be read.
 */
const MAX_BUSY_MS = 10;

/** Receives each message as it goes out: `due` when it should have, `at` when it did. */
export type Send = (data: readonly number[], due: number, at: number) => void;

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly send: Send;
  /** Called after each burst: the messages one wake-up (or a stop) sent, one after another. */
  readonly sent?: (() => void) | undefined;
  /**
   * How long before a deadline the timer hands over to a precise wait, in ms. Node's timers fire
   * up to ~1.5 ms off (notes/stack.md §3); the wait closes that gap: it pauses the thread (no CPU)
   * until `SPIN_TAIL_MS` before the deadline and busy-waits only that last stretch. 0 disables it.
   * @default 1.5
   */
  readonly spinMargin?: number;
  /**
   * The longest the scheduler sleeps between looks at its queue, in ms. @default the clock's
   * `maxSleep`, else until the next deadline: every wake-up of an idle process costs a context
   * switch, which on a busy machine costs more than the work it does.
   */
  readonly wakeInterval?: number;
  /**
   * The longest gap before a deadline that a wake-up of the scheduler's own waits out by pausing
   * the thread (one wake-up), rather than a timer and then a pause (two), in ms; I/O is let in
   * after each burst, so a command waits at most this long for it. On a clock without `pause`,
   * the spin margin. @default 10
   */
  readonly pauseUpTo?: number;
  /** Called when the queue has run dry and no note sounds. */
  readonly onIdle?: () => void;
}

/**
 * How much of the wait before a deadline is a busy-wait, in ms: a paused thread wakes up to ~0.1 ms
 * late, and every deadline spins this long. A busy-wait of the whole margin (1.5 ms a message) took most of a core among a few
 * performers on two cores, and so made every performer late.
 */
const SPIN_TAIL_MS = 0.1;

/**
 * How far ahead of its due time a channel's set-up may go out, in ms: as far as a session's
 * first batch is queued ahead of its first notes (the default lookahead), so that the set-up of
 * a batch's new parts goes out as the batch arrives, in no wake-up of its own.
 */
export const SET_UP_LEAD_MS = 10;

/** The longest timer Node sets as asked (a longer one fires at once): a scheduler sleeps in stretches of at most this. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * A lookahead scheduler over absolute due times. It never chains relative timers (they drift:
 * JZZ's `.wait()` lost ~1 s over 2000 events here): every wake-up re-reads the clock, sends
 * everything already due (so a late wake-up catches up at once), and sleeps until just before
 * the next deadline, where it waits precisely (see SPIN_TAIL_MS) so that nothing is ever sent early.
 *
 *   wake ──▶ send all due ≤ now ──▶ next due − now > pauseUpTo ? sleep min(that − margin, wake)
 *                                    : sent a burst, or busy for MAX_BUSY_MS ? let I/O in, then wake
 *                                    : pause, spin the last SPIN_TAIL_MS
 *
 * A stream of notes a few ms apart thus costs one sleep per deadline (a pause), not two (a
 * timer, then a pause): each is a context switch, most of what a performer costs the machine.
 */
export class Scheduler {
  readonly #clock: Clock;
  readonly #send: Send;
  readonly #sent: (() => void) | undefined;
  readonly #spinMargin: number;
  readonly #wakeInterval: number;
  readonly #pauseUpTo: number;
  readonly #onIdle: (() => void) | undefined;
  /** Sorted by due time, stable: messages at one time keep their arrival order. */
  #queue: QueuedMessage[] = [];
  #head = 0;
  #timer: unknown = undefined;
  /** When the timer fires, on the clock; Infinity without one. */
  #timerAt = Infinity;
  #pumping = false;
  #wasBusy = false;
  /** The channels a note has been queued on (bit n: channel n): their set-up goes out when due. */
  #playedChannels = 0;
  readonly sounding = new SoundingNotes();

  constructor(options: SchedulerOptions) {
    const { spinMargin = 1.5, wakeInterval = options.clock.maxSleep ?? LONGEST_TIMER_MS, pauseUpTo = 10 } = options;
    if (!(spinMargin >= 0 && spinMargin <= 20)) {
      throw new TypeError(`Expected \`spinMargin\` to be a number from 0 to 20, got ${spinMargin} (${typeof spinMargin})`);
    }
    if (!(pauseUpTo >= 0 && pauseUpTo <= 20)) {
      throw new TypeError(`Expected \`pauseUpTo\` to be a number from 0 to 20, got ${pauseUpTo} (${typeof pauseUpTo})`);
    }
    if (!(wakeInterval > 0 && wakeInterval <= LONGEST_TIMER_MS)) {
      throw new TypeError(`Expected \`wakeInterval\` to be a number of ms above 0 and at most ${LONGEST_TIMER_MS}, got ${wakeInterval} (${typeof wakeInterval})`);
    }
    this.#clock = options.clock;
    this.#send = options.send;
    this.#sent = options.sent;
    this.#spinMargin = spinMargin;
    this.#wakeInterval = wakeInterval;
    // Without a pause the wait is a spin: never longer than the margin.
    this.#pauseUpTo = options.clock.pause ? Math.max(pauseUpTo, spinMargin) : spinMargin;
    this.#onIdle = options.onIdle;
  }

  /** Messages still waiting. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /** Ms until the next message is due (negative if overdue), or Infinity when the queue is empty. */
  quietFor(): number {
    return this.pending > 0 ? this.#queue[this.#head]!.due - this.#clock.now() : Infinity;
  }

  /**
   * Queues messages (in any order) and wakes the loop. The chunks of a batch come in time order,
   * so they mostly go on the end: only the queued messages due after the first new one are merged,
   * never the whole queue (a long score has hundreds of thousands waiting).
   */
  add(messages: readonly QueuedMessage[]): void {
    if (messages.length === 0) return;
    const placed = this.#setUpAhead(messages);
    const sorted = inOrder(placed) ? placed : [...placed].sort((a, b) => a.due - b.due);
    const first = sorted[0]!.due;
    const from = this.#firstAfter(first);
    if (from === this.#queue.length) for (const message of sorted) this.#queue.push(message);
    else for (const message of mergeByDue(this.#queue.splice(from), sorted)) this.#queue.push(message);
    this.#wasBusy = true;
    // A timer that wakes before the new messages are due (less the spin margin) is left as it is:
    // most batches are queued behind what already waits.
    if (this.#timer !== undefined && this.#timerAt <= first - this.#spinMargin) return;
    this.#reschedule();
  }

  /**
   * Moves a channel's set-up (its program and controllers) up to SET_UP_LEAD_MS earlier while no
   * note has been queued on that channel in this scheduler's life (a session's) and none of the
   * batch's comes before it: nothing sounds there, so nothing heard changes, and the part's first
   * note no longer goes out behind three messages due at its instant. A recording shows such a
   * message due when it was sent for.
   */
  #setUpAhead(messages: readonly QueuedMessage[]): readonly QueuedMessage[] {
    // Once a session has played on every channel a batch uses (nearly every batch), one look at each message.
    let firstNote: Float64Array | undefined;
    for (const message of messages) {
      const channel = message.data[0]! & 0x0f;
      if (this.#playedChannels & (1 << channel)) continue;
      firstNote ??= new Float64Array(16).fill(Infinity);
      if (noteKind(message.data) !== undefined) firstNote[channel] = Math.min(firstNote[channel]!, message.due);
    }
    if (firstNote === undefined) return messages;
    let placed: QueuedMessage[] | undefined;
    const now = this.#clock.now();
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const channel = message.data[0]! & 0x0f;
      if (!isSetUp(message.data) || this.#playedChannels & (1 << channel) || message.due > firstNote[channel]!) continue;
      const due = Math.max(now, message.due - SET_UP_LEAD_MS);
      if (due >= message.due) continue;
      placed ??= [...messages];
      placed[i] = { ...message, due };
    }
    for (let channel = 0; channel < 16; channel++) if (firstNote[channel]! < Infinity) this.#playedChannels |= 1 << channel;
    return placed ?? messages;
  }

  /** The index of the first waiting message due after `due` (messages at one time keep their arrival order). */
  #firstAfter(due: number): number {
    let low = this.#head;
    let high = this.#queue.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#queue[middle]!.due <= due) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Drops the part's messages due at or after `from`, and queues `messages` instead. Notes of the
   * part that sound at `from` (or start before it) end at `from`: their note-offs are kept and
   * moved there, so nothing is left hanging and nothing else is cut.
   */
  replacePart(part: string, from: number, messages: readonly QueuedMessage[]): void {
    const open = new Map<number, number>();
    for (const off of this.sounding.noteOffs(part)) bump(open, noteKey(off), 1);
    const kept: QueuedMessage[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) {
      const message = this.#queue[i]!;
      if (message.part !== part) {
        kept.push(message);
        continue;
      }
      const kind = noteKind(message.data);
      if (message.due < from) {
        if (kind === 'on') bump(open, noteKey(message.data), 1);
        if (kind === 'off') bump(open, noteKey(message.data), -1);
        kept.push(message);
      } else if (kind === 'off' && (open.get(noteKey(message.data)) ?? 0) > 0) {
        bump(open, noteKey(message.data), -1);
        kept.push({ ...message, due: Math.max(from, this.#clock.now()) });
      }
    }
    this.#queue = kept.sort((a, b) => a.due - b.due);
    this.#head = 0;
    this.add(messages);
    this.#reschedule();
  }

  /** Empties the queue and silences exactly what sounds: note-offs, then All Notes Off on used channels. */
  stop(): void {
    this.#queue = [];
    this.#head = 0;
    this.#clearTimer();
    const now = this.#clock.now();
    const silencing = [...this.sounding.noteOffs(), ...this.sounding.allNotesOff()];
    for (const data of silencing) this.#emit(data, undefined, now);
    if (silencing.length > 0) this.#sent?.();
    this.#checkIdle();
  }

  /** Stops the loop without sending anything (for a process that is going away after `stop`). */
  dispose(): void {
    this.#queue = [];
    this.#head = 0;
    this.#clearTimer();
  }

  /** Sends one message; returns the clock's time after it, where the next one is sent. */
  #emit(data: readonly number[], part: string | undefined, due: number): number {
    this.sounding.track(data, part);
    this.#send(data, due, this.#clock.now());
    return this.#clock.now();
  }

  #reschedule(): void {
    if (this.#pumping) return;
    this.#clearTimer();
    // Called from a command's handling: it pauses no longer than the margin before answering.
    this.#pump(this.#spinMargin);
  }

  /** Sends what is due, and waits for what follows within `pauseUpTo` ms; sleeps on a timer until anything later. */
  #pump(pauseUpTo = this.#pauseUpTo): void {
    this.#pumping = true;
    const began = this.#clock.now();
    try {
      for (;;) {
        let now = this.#clock.now();
        const from = this.#head;
        // What is overdue when the loop looks goes out before I/O is let in, however long the
        // loop has been at it: a pause that came back late must not leave its message behind a command.
        const overdue = now;
        while (this.#head < this.#queue.length && this.#queue[this.#head]!.due <= now && (this.#queue[this.#head]!.due <= overdue || now - began < MAX_BUSY_MS)) {
          const message = this.#queue[this.#head++]!;
          now = this.#emit(message.data, message.part, message.due);
        }
        if (this.#head > from) this.#sent?.();
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        if (this.#head >= this.#queue.length) break;
        const wait = this.#queue[this.#head]!.due - now;
        if (wait > pauseUpTo) {
          this.#wakeIn(Math.min(wait - this.#spinMargin, this.#wakeInterval));
          return;
        }
        // After a burst, I/O goes first (a 0 ms wake-up: no sleep), unless the next one is too close.
        if ((this.#head > from && wait > this.#spinMargin) || now - began >= MAX_BUSY_MS) {
          this.#wakeIn(0);
          return;
        }
        const due = this.#queue[this.#head]!.due;
        for (let at = this.#clock.now(); at < due; at = this.#clock.now()) {
          if (due - at > SPIN_TAIL_MS) this.#clock.pause?.(due - at - SPIN_TAIL_MS);
        }
      }
    } finally {
      this.#pumping = false;
    }
    this.#checkIdle();
  }

  #wakeIn(ms: number): void {
    this.#timerAt = this.#clock.now() + ms;
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, ms);
  }

  #checkIdle(): void {
    if (this.#wasBusy && this.pending === 0 && this.sounding.size === 0) {
      this.#wasBusy = false;
      this.#onIdle?.();
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }
}

/** Whether the messages are already in due order, as a batch's chunks mostly come. */
function inOrder(messages: readonly QueuedMessage[]): boolean {
  for (let i = 1; i < messages.length; i++) if (messages[i]!.due < messages[i - 1]!.due) return false;
  return true;
}

function mergeByDue(a: readonly QueuedMessage[], b: readonly QueuedMessage[]): QueuedMessage[] {
  const out: QueuedMessage[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j]!.due < a[i]!.due ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** A program change, or a control change other than the channel mode messages (CC 120–127: All Notes Off and the like). */
function isSetUp(data: readonly number[]): boolean {
  const kind = data[0]! & 0xf0;
  return kind === 0xc0 || (kind === 0xb0 && data[1]! < 120);
}

function noteKind(data: readonly number[]): 'on' | 'off' | undefined {
  const kind = data[0]! & 0xf0;
  if (kind === 0x90) return (data[2] ?? 0) > 0 ? 'on' : 'off';
  return kind === 0x80 ? 'off' : undefined;
}

function noteKey(data: readonly number[]): number {
  return ((data[0]! & 0x0f) << 7) | (data[1]! & 0x7f);
}

function bump(map: Map<number, number>, key: number, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
