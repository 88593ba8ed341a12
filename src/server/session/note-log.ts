import type { TimedMessage } from '../../protocol/messages.js';
import type { TimelineNote } from '../../protocol/results.js';

export interface NoteLogOptions {
  /** Notes kept, at most; the earliest go first. @default 100000 */
  readonly maxNotes?: number;
}

/**
 * The notes a session's performer was given, where they fall on the session's timeline: what the
 * live-coding page draws in its piano roll. Batches come as MIDI messages in score time with the
 * shift the performer placed them at; a `replace` or a `stop` takes back what will not play.
 */
export class NoteLog {
  #notes: TimelineNote[] = [];
  readonly #max: number;

  constructor(options: NoteLogOptions = {}) {
    this.#max = options.maxNotes ?? 100_000;
  }

  get size(): number {
    return this.#notes.length;
  }

  /** A batch placed at `shift`: each note-on paired with the next note-off of its channel and key. */
  add(messages: readonly TimedMessage[], shift: number): void {
    const open = new Map<number, TimelineNote[]>();
    for (const message of messages) {
      const [status = 0, key = 0, velocity = 0] = message.d;
      const kind = status & 0xf0;
      const channel = status & 0x0f;
      const slot = channel * 128 + key;
      if (kind === 0x90 && velocity > 0) {
        const note = { part: message.p ?? '', channel, key, velocity, start: message.t + shift, end: message.t + shift };
        this.#notes.push(note);
        open.set(slot, [...(open.get(slot) ?? []), note]);
      } else if (kind === 0x80 || kind === 0x90) {
        const note = open.get(slot)?.shift();
        if (note) note.end = message.t + shift;
      }
    }
    // A note whose note-off is in no batch (cut by a range) lasts to the batch's end.
    const last = (messages.at(-1)?.t ?? 0) + shift;
    for (const notes of open.values()) for (const note of notes) note.end = last;
    if (this.#notes.length > this.#max) this.#notes = this.#notes.slice(this.#notes.length - this.#max);
  }

  /** Nothing of `part` (of every part, when none is named) plays from `at` on: later notes go, sounding ones end there. */
  cut(at: number, part?: string): void {
    this.#notes = this.#notes.filter((note) => (part !== undefined && note.part !== part) || note.start < at);
    for (const note of this.#notes) if ((part === undefined || note.part === part) && note.end > at) note.end = at;
  }

  /** The notes sounding at any time in [from, to], the earliest first, `limit` at most. */
  between(from: number, to: number, limit: number): { notes: TimelineNote[]; more: boolean } {
    const notes = this.#notes.filter((note) => note.end >= from && note.start <= to).sort((a, b) => a.start - b.start);
    return { notes: notes.slice(0, limit), more: notes.length > limit };
  }
}
