import type { TempoChange } from './score-view.js';

/** The largest microseconds-per-quarter a set-tempo event holds (3 bytes): about 3.58 BPM. */
const MAX_MICROS_PER_QUARTER = 0xffffff;

/** A tempo change as a MIDI file holds it. */
export interface TickTempo {
  readonly tick: number;
  readonly microsPerQuarter: number;
}

interface Segment {
  readonly ms: number;
  readonly tick: number;
  readonly msPerTick: number;
}

/**
 * Converts score milliseconds to MIDI ticks through a tempo map, so that a program reading
 * the file (ticks × the tempo it finds) lands each event within a tick of its time in the
 * score. Tempo changes are placed on whole ticks and every later time is measured from where
 * a reader will believe that tick is, so rounding never accumulates over many changes.
 * Tempos slower than a set-tempo event can hold (~3.58 BPM) are left out, as Alda does.
 */
export class TickClock {
  readonly ppq: number;
  readonly tempos: readonly TickTempo[];
  readonly #segments: readonly Segment[];
  /** The segment of the last time asked. */
  #last = 0;

  constructor(changes: readonly TempoChange[], ppq: number) {
    this.ppq = ppq;
    const segments: Segment[] = [];
    const tempos: TickTempo[] = [];
    const usable = changes.filter((change) => change.bpm > 0 && micros(change.bpm) <= MAX_MICROS_PER_QUARTER);
    if (usable.length === 0 || usable[0]!.offset > 0) usable.unshift({ offset: 0, bpm: 120 });
    for (const change of usable) {
      const microsPerQuarter = micros(change.bpm);
      const msPerTick = microsPerQuarter / 1000 / ppq;
      const previous = segments[segments.length - 1];
      let tick = 0;
      let ms = 0;
      if (previous) {
        tick = previous.tick + Math.round((change.offset - previous.ms) / previous.msPerTick);
        ms = previous.ms + (tick - previous.tick) * previous.msPerTick;
      }
      if (previous && tick === previous.tick) {
        segments[segments.length - 1] = { ms: previous.ms, tick, msPerTick };
        tempos[tempos.length - 1] = { tick, microsPerQuarter };
      } else {
        segments.push({ ms, tick, msPerTick });
        tempos.push({ tick, microsPerQuarter });
      }
    }
    this.#segments = segments;
    this.tempos = tempos;
  }

  /**
   * The tick of a time in the score (ms). Times asked in order (a track's messages, one after
   * another) find their tempo from the last one's onwards, not by a search each.
   */
  tick(ms: number): number {
    const segments = this.#segments;
    let at = this.#last;
    if (segments[at]!.ms > ms) at = this.#search(ms);
    else while (at + 1 < segments.length && segments[at + 1]!.ms <= ms) at++;
    this.#last = at;
    const segment = segments[at]!;
    return Math.max(0, segment.tick + Math.round((ms - segment.ms) / segment.msPerTick));
  }

  /** The ticks of `times[order[0]]`, `times[order[1]]`, … (a track's messages in time order), into `ticks`. */
  ticks(order: Uint32Array, times: Float64Array, ticks = new Float64Array(order.length)): Float64Array {
    for (let k = 0; k < order.length; k++) ticks[k] = this.tick(times[order[k]!]!);
    return ticks;
  }

  /** The last segment that starts at or before `ms` (the first, if none does). */
  #search(ms: number): number {
    const segments = this.#segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.ms <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function micros(bpm: number): number {
  return Math.max(1, Math.round(60_000_000 / bpm));
}
