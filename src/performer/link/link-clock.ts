import { hostMs, type Clock } from '../clock.js';
import type { LinkProcess } from './link-process.js';
import type { LinkStatus } from './session-clocks.js';

/**
 * A session's clock on Link's beat grid: its ms are score ms, one beat being 60000/`reference` of
 * them (the score's tempo), and it runs at Link's tempo. At Link's tempo equal to the score's,
 * that is wall time; when another peer changes the tempo, everything queued follows at once,
 * since the scheduler re-reads this clock on every wake-up. Sessions start on Link's bar.
 */
export class LinkClock implements Clock {
  /** A peer may change the tempo while the scheduler sleeps: it looks again at least this often. */
  readonly maxSleep = 5;
  readonly #link: LinkProcess;
  /** The score's tempo: how many of our ms make one beat. */
  #reference: number;
  /** Our ms at Link's beat `anchorBeat`: moved whenever the reference changes, so the clock never jumps. */
  #anchorMs = 0;
  #anchorBeat: number;
  #last = -Infinity;
  /** Whether the score has had its say on Link's tempo yet. */
  #proposed = false;
  /** A change of the score's tempo from `at` (our ms) on, not reached yet. */
  #pending: { readonly bpm: number; readonly at: number; readonly propose: boolean } | undefined;

  constructor(link: LinkProcess, reference = 120) {
    this.#link = link;
    this.#reference = reference;
    this.#anchorBeat = link.beatAt(hostMs());
  }

  now(): number {
    const beat = this.#link.beatAt(hostMs());
    const pending = this.#pending;
    if (pending && this.#msAtBeat(beat) >= pending.at) {
      this.#pending = undefined;
      this.#anchorBeat = this.#beatAtMs(pending.at);
      this.#anchorMs = pending.at;
      this.#reference = pending.bpm;
      if (pending.propose) this.#link.propose(pending.bpm);
    }
    // Link may move its grid when a peer joins; time on this clock never runs backwards.
    this.#last = Math.max(this.#last, this.#msAtBeat(beat));
    return this.#last;
  }

  setTimer(callback: () => void, ms: number): unknown {
    return setTimeout(callback, Math.max(0, (ms * this.#reference) / this.#link.tempo));
  }

  clearTimer(handle: unknown): void {
    clearTimeout(handle as NodeJS.Timeout);
  }

  /** The first start of a Link bar (a quantum of beats) at or after `earliest`. */
  align(earliest: number): number {
    const quantum = this.#link.quantum;
    return this.#msAtBeat(Math.ceil(this.#beatAtMs(earliest) / quantum - 1e-9) * quantum);
  }

  /**
   * The score's tempo for what comes next. The first one is proposed to Link only if no other peer
   * is there (a peer that joins plays at the session's tempo); a later change always is (an edit
   * of the score's tempo is meant for everyone). The last proposal from any peer wins, as in Link.
   */
  tempo(bpm: number, at: number): void {
    const alone = (this.#link.state?.peers ?? 0) === 0;
    const current = this.#pending?.bpm ?? this.#reference;
    const propose = this.#proposed ? bpm !== current : alone;
    this.#proposed = true;
    if (bpm === current && !propose) return;
    // What is queued before `at` keeps its beats; the new tempo counts from there.
    this.#pending = { bpm, at: Math.max(at, this.now()), propose };
    this.now();
  }

  /** Where Link is, for the status line: its session's tempo, peers, and our beat and phase. */
  status(): LinkStatus | undefined {
    const state = this.#link.state;
    if (!state) return undefined;
    const beat = this.#link.beatAt(hostMs());
    const quantum = this.#link.quantum;
    return { peers: state.peers, tempo: state.tempo, beat, phase: ((beat % quantum) + quantum) % quantum, quantum };
  }

  #msAtBeat(beat: number): number {
    return this.#anchorMs + ((beat - this.#anchorBeat) * 60_000) / this.#reference;
  }

  #beatAtMs(ms: number): number {
    return this.#anchorBeat + ((ms - this.#anchorMs) * this.#reference) / 60_000;
  }
}
