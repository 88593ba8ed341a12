import { isNoteOff, isNoteOn, readRecording, waitFor, type Recorded } from '../pipeline/harness.js';

/** A note-on as heard: transport ms (its due time less the transport's start) and key. */
export interface Heard {
  readonly t: number;
  readonly note: number;
}

export const channelOf = (r: Recorded) => r.data[0]! & 0x0f;

/**
 * A recording of live loops, read back in transport time. Every part starts at transport 0, so
 * the first note-on's due time is where the transport starts on the session's timeline.
 */
export class LoopRecording {
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  get lines(): Recorded[] {
    return readRecording(this.file);
  }

  get start(): number | undefined {
    return this.lines.find(isNoteOn)?.due;
  }

  /** Note-ons of one channel, in transport ms. */
  ons(channel: number): Heard[] {
    const lines = this.lines;
    const start = lines.find(isNoteOn)?.due ?? 0;
    return lines.filter((r) => isNoteOn(r) && channelOf(r) === channel).map((r) => ({ t: round(r.due - start), note: r.data[1]! }));
  }

  /** Waits until the channel has played a note-on at or after transport `t`. */
  reached(channel: number, t: number, timeout = 15_000): Promise<unknown> {
    return waitFor(`a note on channel ${channel} at transport ${t} ms`, () => this.ons(channel).some((on) => on.t >= t), timeout);
  }

  /** Keys of a channel still sounding at transport `t`: note-ons before it not yet matched by a note-off at or before it. */
  soundingAt(channel: number, t: number): number[] {
    const lines = this.lines;
    const start = lines.find(isNoteOn)?.due ?? 0;
    const open = new Map<number, number>();
    for (const r of lines) {
      const at = round(r.due - start);
      if (channelOf(r) !== channel) continue;
      if (isNoteOn(r) && at < t) open.set(r.data[1]!, (open.get(r.data[1]!) ?? 0) + 1);
      else if (isNoteOff(r) && at <= t) open.set(r.data[1]!, (open.get(r.data[1]!) ?? 0) - 1);
    }
    return [...open].filter(([, count]) => count > 0).map(([note]) => note);
  }

  /** Keys of a channel whose note-ons outnumber their note-offs. */
  hanging(channel: number): number[] {
    const open = new Map<number, number>();
    for (const r of this.lines) {
      if (channelOf(r) !== channel) continue;
      if (isNoteOn(r)) open.set(r.data[1]!, (open.get(r.data[1]!) ?? 0) + 1);
      else if (isNoteOff(r)) open.set(r.data[1]!, (open.get(r.data[1]!) ?? 0) - 1);
    }
    return [...open].filter(([, count]) => count > 0).map(([note]) => note);
  }
}

/** What a loop plays from `from` to `to` (transport ms): `pattern` ({t, note} within one loop) over and over from `anchor`. */
export function expectedOns(pattern: readonly Heard[], length: number, anchor: number, from: number, to: number): Heard[] {
  const out: Heard[] = [];
  for (let k = 0; anchor + k * length < to; k++) {
    for (const on of pattern) {
      const t = round(anchor + k * length + on.t);
      if (t >= from && t < to) out.push({ t, note: on.note });
    }
  }
  return out;
}

/** Transport times to a microsecond, so that exact placements compare equal. */
export const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** The ons of a window. */
export const within = (ons: readonly Heard[], from: number, to: number) => ons.filter((on) => on.t >= from && on.t < to);
