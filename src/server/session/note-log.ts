import type { TimelineNote } from '../../protocol/results.js';
import type { TimedBatch } from './timed-batch.js';

export interface NoteLogOptions {
  /** Notes kept, at most. @default 100000 */
  readonly maxNotes?: number;
  /** How long a note that has ended is kept, in ms of the timeline, once the log is full. @default 30000 */
  readonly keepPast?: number;
}

/**
 * The notes a session's performer was given, where they fall on the session's timeline: what the
 * live-coding page draws in its piano roll. Batches come as MIDI messages in score time with the
 * shift the performer placed them at, chunk by chunk as they are sent (a chunk is 256 messages,
 * so recording one never holds up the server); a note-on is paired with the next note-off of its
 * channel and key, in its chunk or a later one of the same batch. A `replace` or a `stop` takes
 * back what will not play.
 *
 * Bounded: once full, notes that ended `keepPast` ago make room; if none did, later notes are not
 * kept (a score of millions of notes shows its first `maxNotes`).
 */
export class NoteLog {
  #notes: TimelineNote[] = [];
  /** Notes of the batch being sent whose note-off has not come yet, by channel × 128 + key. */
  #open = new Map<number, TimelineNote[]>();
  /** The timeline time of the last message of the batch being sent. */
  #last = 0;
  readonly #max: number;
  readonly #keepPast: number;

  constructor(options: NoteLogOptions = {}) {
    this.#max = options.maxNotes ?? 100_000;
    this.#keepPast = options.keepPast ?? 30_000;
  }

  get size(): number {
    return this.#notes.length;
  }

  /**
   * Messages `from` … `to` of a batch (a chunk of it), placed at `shift`; `continues` when they go
   * on the batch's chunk before them. `now` (the transport's position, when known) says which notes
   * have ended long enough ago to make room. Read from the batch as it is: no object per message.
   */
  add(batch: TimedBatch, shift: number, continues: boolean, now?: number, from = 0, to = batch.length): void {
    if (!continues) this.#closeBatch();
    const end = Math.min(to, batch.length);
    // Full: room is made only when the oldest note kept has aged (a look at one note, not a pass over all, per chunk).
    if (this.#notes.length + end - from > this.#max && now !== undefined && this.#notes[0]!.end < now - this.#keepPast) {
      this.#notes = this.#notes.filter((note) => note.end >= now - this.#keepPast);
    }
    for (let i = from; i < end; i++) {
      const status = batch.byte(i, 0);
      const key = batch.byte(i, 1);
      const velocity = batch.byte(i, 2);
      const kind = status & 0xf0;
      const slot = (status & 0x0f) * 128 + key;
      const at = batch.time(i) + shift;
      this.#last = at;
      if (kind === 0x90 && velocity > 0) {
        if (this.#notes.length >= this.#max) continue;
        const note = { part: batch.part(i), channel: status & 0x0f, key, velocity, start: at, end: at };
        this.#notes.push(note);
        const open = this.#open.get(slot);
        if (open) open.push(note);
        else this.#open.set(slot, [note]);
      } else if (kind === 0x80 || kind === 0x90) {
        const note = this.#open.get(slot)?.shift();
        if (note) note.end = at;
      }
    }
  }

  /** Nothing of `part` (of every part, when none is named) plays from `at` on: later notes go, sounding ones end there. */
  cut(at: number, part?: string): void {
    const ours = (note: TimelineNote) => part === undefined || note.part === part;
    this.#notes = this.#notes.filter((note) => !ours(note) || note.start < at);
    for (const note of this.#notes) if (ours(note) && note.end > at) note.end = at;
    for (const [slot, open] of this.#open) this.#open.set(slot, open.filter((note) => !ours(note) || note.start < at));
  }

  /** The notes sounding at any time in [from, to], the earliest first, `limit` at most. */
  between(from: number, to: number, limit: number): { notes: TimelineNote[]; more: boolean } {
    const notes = this.#notes.filter((note) => note.end >= from && note.start <= to).sort((a, b) => a.start - b.start);
    return { notes: notes.slice(0, limit), more: notes.length > limit };
  }

  /** A note whose note-off was in no chunk of its batch (a range cut it) lasts to the batch's end. */
  #closeBatch(): void {
    for (const open of this.#open.values()) for (const note of open) note.end = Math.max(note.end, this.#last);
    this.#open.clear();
  }
}
