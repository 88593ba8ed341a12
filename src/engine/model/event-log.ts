import type { Span } from '../../lisp/form.js';
import type { NoteEvent } from '../note-event.js';
import type { Part, PartIdentity } from './part.js';

const NO_SPAN = -1;

/**
 * The score's note events, kept in columns (typed arrays) rather than as objects: a
 * score of a quarter of a million notes then costs a few megabytes and no garbage
 * collection, and a failed batch is undone by moving the length back. NoteEvent objects
 * are made only when asked for.
 */
export class EventLog {
  #length = 0;
  #capacity = 0;
  #offset = new Float64Array(0);
  #duration = new Float64Array(0);
  #audible = new Float64Array(0);
  #volume = new Float64Array(0);
  #trackVolume = new Float64Array(0);
  #panning = new Float64Array(0);
  #note = new Uint8Array(0);
  #channel = new Uint8Array(0);
  #part = new Uint32Array(0);
  #spanStart = new Int32Array(0);
  #spanEnd = new Int32Array(0);
  /** Part ids and owners are few: columns hold indexes into these. */
  readonly #partIds: string[] = [];
  readonly #partIndex = new Map<string, number>();
  #owners: PartIdentity[] = [];

  get length(): number {
    return this.#length;
  }

  /**
   * A note that `part` plays now (at its current offset, volume, track volume and panning,
   * on its MIDI channel): written straight into the columns, no object made per note.
   */
  pushNote(part: Part, duration: number, audibleDuration: number, midiNote: number, span: Span | undefined): void {
    if (this.#length === this.#capacity) this.#grow();
    const i = this.#length++;
    this.#offset[i] = part.currentOffset;
    this.#duration[i] = duration;
    this.#audible[i] = audibleDuration;
    this.#volume[i] = part.volume;
    this.#trackVolume[i] = part.trackVolume;
    this.#panning[i] = part.panning;
    this.#note[i] = midiNote;
    this.#channel[i] = part.midiChannel;
    this.#part[i] = this.#indexOf(part.id);
    this.#spanStart[i] = span ? span.start : NO_SPAN;
    this.#spanEnd[i] = span ? span.end : NO_SPAN;
    this.#owners[i] = part.identity;
  }

  /** Forgets every event from `length` on (a failed batch). */
  truncate(length: number): void {
    if (length < this.#length) {
      this.#length = length;
      this.#owners.length = length;
    }
  }

  event(i: number): NoteEvent {
    const start = this.#spanStart[i]!;
    return {
      part: this.#partIds[this.#part[i]!]!,
      offset: this.#offset[i]!,
      duration: this.#duration[i]!,
      audibleDuration: this.#audible[i]!,
      midiNote: this.#note[i]!,
      midiChannel: this.#channel[i]!,
      volume: this.#volume[i]!,
      trackVolume: this.#trackVolume[i]!,
      panning: this.#panning[i]!,
      span: start === NO_SPAN ? undefined : ({ start, end: this.#spanEnd[i]! } satisfies Span),
    };
  }

  /** The event at `index`, counting from the end when negative (as Array.prototype.at). */
  at(index: number): NoteEvent | undefined {
    const i = index < 0 ? this.#length + index : index;
    return i >= 0 && i < this.#length ? this.event(i) : undefined;
  }

  slice(from = 0, to = this.#length): NoteEvent[] {
    const events: NoteEvent[] = [];
    for (let i = from; i < to; i++) events.push(this.event(i));
    return events;
  }

  /** Column access for the hot loops that must not make objects. */
  offset = (i: number): number => this.#offset[i]!;
  audibleDuration = (i: number): number => this.#audible[i]!;
  channel = (i: number): number => this.#channel[i]!;
  owner = (i: number): PartIdentity => this.#owners[i]!;

  /** Calls `visit` with a reused view of each event in turn (for writing them out). */
  forEach(visit: (event: NoteEvent, index: number) => void): void {
    const view = { part: '', offset: 0, duration: 0, audibleDuration: 0, midiNote: 0, midiChannel: 0, volume: 0, trackVolume: 0, panning: 0 };
    for (let i = 0; i < this.#length; i++) {
      view.part = this.#partIds[this.#part[i]!]!;
      view.offset = this.#offset[i]!;
      view.duration = this.#duration[i]!;
      view.audibleDuration = this.#audible[i]!;
      view.midiNote = this.#note[i]!;
      view.midiChannel = this.#channel[i]!;
      view.volume = this.#volume[i]!;
      view.trackVolume = this.#trackVolume[i]!;
      view.panning = this.#panning[i]!;
      visit(view, i);
    }
  }

  #indexOf(partId: string): number {
    let index = this.#partIndex.get(partId);
    if (index === undefined) {
      index = this.#partIds.length;
      this.#partIds.push(partId);
      this.#partIndex.set(partId, index);
    }
    return index;
  }

  #grow(): void {
    const capacity = Math.max(1024, this.#capacity * 2);
    const grow = <T extends Float64Array | Uint8Array | Uint32Array | Int32Array>(column: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(column as never);
      return next;
    };
    this.#offset = grow(this.#offset, (n) => new Float64Array(n));
    this.#duration = grow(this.#duration, (n) => new Float64Array(n));
    this.#audible = grow(this.#audible, (n) => new Float64Array(n));
    this.#volume = grow(this.#volume, (n) => new Float64Array(n));
    this.#trackVolume = grow(this.#trackVolume, (n) => new Float64Array(n));
    this.#panning = grow(this.#panning, (n) => new Float64Array(n));
    this.#note = grow(this.#note, (n) => new Uint8Array(n));
    this.#channel = grow(this.#channel, (n) => new Uint8Array(n));
    this.#part = grow(this.#part, (n) => new Uint32Array(n));
    this.#spanStart = grow(this.#spanStart, (n) => new Int32Array(n));
    this.#spanEnd = grow(this.#spanEnd, (n) => new Int32Array(n));
    this.#capacity = capacity;
  }
}
