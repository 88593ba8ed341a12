import type { Clock } from './clock.js';
import { Scheduler } from './scheduler.js';
import type { Sink } from './sinks/sink.js';

export const MIDI_CLOCK = 0xf8;
export const MIDI_START = 0xfa;
export const MIDI_CONTINUE = 0xfb;
export const MIDI_STOP = 0xfc;
export const SONG_POSITION = 0xf2;
/** MIDI clock's resolution: ticks per quarter note. */
export const CLOCK_PPQN = 24;

/** How far ahead ticks are queued, and how often topped up, in ms of the session's clock. */
const AHEAD_MS = 200;
const TOP_UP_MS = 50;

/**
 * MIDI clock out, on the session's clock: song position and start (or continue) when the session
 * starts playing, 24 ticks per beat of the score's tempo while it plays, stop when it stops. On a
 * Link clock the beat is Link's, so a drum machine on this port follows the Link session too.
 * Ticks have a scheduler of their own, so a swap or a stop of the notes never touches them.
 */
export class MidiClockOut {
  readonly #sink: Sink;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  #bpm = 120;
  /** Clock ms of the next tick not yet queued; undefined while stopped. */
  #next: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(sink: Sink, clock: Clock) {
    this.#sink = sink;
    this.#clock = clock;
    this.#scheduler = new Scheduler({ clock, send: (data, due, at) => sink.send(data, due, at), sent: () => sink.sent?.() });
  }

  get running(): boolean {
    return this.#next !== undefined;
  }

  /** Starts at clock ms `at`, `beats` from the session's start (0: start; later: continue from there). */
  start(at: number, beats: number): void {
    if (this.running) return;
    const sixteenths = Math.max(0, Math.round(beats * 4));
    const position = [SONG_POSITION, sixteenths & 0x7f, (sixteenths >> 7) & 0x7f];
    this.#scheduler.add([
      { due: at, data: position },
      { due: at, data: [sixteenths === 0 ? MIDI_START : MIDI_CONTINUE] },
    ]);
    this.#next = at;
    this.#topUp();
  }

  /** The score's tempo from now on: ticks already queued keep theirs (at most AHEAD_MS of them). */
  tempo(bpm: number): void {
    this.#bpm = bpm;
  }

  /** Stop now; queued ticks are dropped. */
  stop(): void {
    if (!this.running) return;
    clearTimeout(this.#timer);
    this.#next = undefined;
    this.#scheduler.dispose();
    const now = this.#clock.now();
    this.#sink.send([MIDI_STOP], now, now);
    this.#sink.sent?.();
  }

  async close(): Promise<void> {
    this.stop();
    this.#scheduler.dispose();
    await this.#sink.close();
  }

  #topUp(): void {
    if (this.#next === undefined) return;
    const until = this.#clock.now() + AHEAD_MS;
    const tick = 60_000 / (CLOCK_PPQN * this.#bpm);
    const ticks = [];
    for (; this.#next < until; this.#next += tick) ticks.push({ due: this.#next, data: [MIDI_CLOCK] });
    this.#scheduler.add(ticks);
    this.#timer = setTimeout(() => this.#topUp(), TOP_UP_MS);
  }
}
