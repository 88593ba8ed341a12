import type { Clock } from '../clock.js';
import { hostMs, type LinkProcess } from './link-process.js';
import type { LinkStatus } from './session-clocks.js';

/**
 * A session's clock on Link's beat grid: its ms are score ms, one beat being 60000/`reference` of
 * them (the score's tempo), and it runs at Link's tempo. At Link's tempo equal to the score's,
 * that is wall time; when another peer changes the tempo, everything queued follows at once,
 * since the scheduler re-reads this clock on every wake-up. Sessions start on Link's bar.
 */
export class LinkClock implements Clock {
  readonly #link: LinkProcess;
  /** The score's tempo: how many of our ms make one beat. */
  #reference: number;
  /** Our ms at Link's beat `anchorBeat`: moved whenever the reference changes, so the clock never jumps. */
  #anchorMs = 0;
  #anchorBeat: number;
  #last = -Infinity;
  /** Whether the reference has been proposed to Link yet. */
  #proposed = false;

  constructor(link: LinkProcess, reference = 120) {
    this.#link = link;
    this.#reference = reference;
    this.#anchorBeat = link.beatAt(hostMs());
  }

  now(): number {
    // Link may move its grid when a peer joins; time on this clock never runs backwards.
    this.#last = Math.max(this.#last, this.#msAtBeat(this.#link.beatAt(hostMs())));
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
  tempo(bpm: number): void {
    const alone = (this.#link.state?.peers ?? 0) === 0;
    const changed = bpm !== this.#reference;
    if (changed) {
      const beat = this.#beatAtMs(this.now());
      this.#anchorMs = this.#last;
      this.#anchorBeat = beat;
      this.#reference = bpm;
    }
    if (this.#proposed ? changed : alone) this.#link.propose(bpm);
    this.#proposed = true;
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
