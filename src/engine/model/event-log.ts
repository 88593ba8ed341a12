import type { Span } from '../../lisp/form.js';
import type { NoteEvent } from '../note-event.js';
import { indexIn, zeroColumns, levelFor, NO_SPAN, noteEvent, noteEvents, resized, type NoteColumns } from '../note-columns.js';
import type { Part, PartIdentity } from './part.js';

/**
 * The score's note events, kept in columns (typed arrays) rather than as objects: a
 * score of a quarter of a million notes then costs a few megabytes and no garbage
 * collection, and a failed batch is undone by moving the length back. NoteEvent objects
 * are made only when asked for; `columns()` hands the columns out without copying them.
 */
export class EventLog {
  // Fields private to TypeScript, not `#private`: until V8 optimizes the code that runs per token or
  // note, a `#field` is read through a keyed lookup (≈30 instructions more each time, ≈4% of
  // compiling a 100 KB score, which is never optimized: see src/cli/compiler-tiering.ts).
  private count = 0;
  /** The columns, as long as their capacity: their own `length` means nothing here, `count` counts. */
  private notes: NoteColumns;
  /**
   * Notes below this index are seen by columns handed out: a note written there (after a
   * truncation) first moves the log to new columns, so what was handed out never changes.
   */
  private shared = 0;
  /** Part ids and owners are few: columns hold indexes into these. */
  private readonly partIds: string[] = [];
  private readonly partIndex = new Map<string, number>();
  /** The levels table the columns share, and the entry each part (by index) played its last note at. */
  private readonly levels: number[] = [];
  private readonly partLevel: number[] = [];
  /**
   * Who played each note, as an index into `owners`: a column grown with the others, not
   * an array of pointers (which V8 grows, copies and scans as a big score is read).
   */
  private ownerOf = new Uint32Array(0);
  private readonly owners: PartIdentity[] = [];
  private readonly ownerIndex = new Map<PartIdentity, number>();
  /** The part id and owner of the last note, and their indexes. */
  private lastId: string | null = null;
  private lastPart = 0;
  private lastOwner: PartIdentity | null = null;
  private lastOwnerIndex = 0;

  constructor() {
    this.notes = zeroColumns(0, this.partIds, this.levels);
  }

  get length(): number {
    return this.count;
  }

  /**
   * A note that `part` plays now (at its current offset, volume, track volume and panning,
   * on its MIDI channel): written straight into the columns, no object made per note.
   */
  pushNote(part: Part, duration: number, audibleDuration: number, midiNote: number, span: Span | undefined): void {
    if (this.count === this.notes.offset.length || this.count < this.shared) this.move();
    const i = this.count++;
    const notes = this.notes;
    notes.offset[i] = part.currentOffset;
    notes.duration[i] = duration;
    notes.audibleDuration[i] = audibleDuration;
    notes.midiNote[i] = midiNote;
    notes.midiChannel[i] = part.midiChannel;
    // Runs of notes by one part are the rule: its indexes are kept rather than looked up each time.
    if (part.id !== this.lastId) {
      this.lastId = part.id;
      this.lastPart = indexIn(this.partIds, this.partIndex, part.id);
    }
    const p = this.lastPart;
    notes.part[i] = p;
    const level = levelFor(this.levels, this.partLevel[p], part.volume, part.trackVolume, part.panning);
    this.partLevel[p] = level;
    notes.level[i] = level;
    notes.spanStart[i] = span ? span.start : NO_SPAN;
    notes.spanEnd[i] = span ? span.end : NO_SPAN;
    if (part.identity !== this.lastOwner) {
      this.lastOwner = part.identity;
      this.lastOwnerIndex = indexIn(this.owners, this.ownerIndex, part.identity);
    }
    this.ownerOf[i] = this.lastOwnerIndex;
  }

  /** Notes `from` … `to` as columns (note `from` at index 0), shared with the log, never changed after. */
  columns(from = 0, to = this.count): NoteColumns {
    this.shared = Math.max(this.shared, to);
    const notes = this.notes;
    return {
      length: to - from,
      partIds: this.partIds,
      part: notes.part.subarray(from, to),
      offset: notes.offset.subarray(from, to),
      duration: notes.duration.subarray(from, to),
      audibleDuration: notes.audibleDuration.subarray(from, to),
      level: notes.level.subarray(from, to),
      levels: this.levels,
      midiNote: notes.midiNote.subarray(from, to),
      midiChannel: notes.midiChannel.subarray(from, to),
      spanStart: notes.spanStart.subarray(from, to),
      spanEnd: notes.spanEnd.subarray(from, to),
    };
  }

  /**
   * Room for `count` more notes at once, so that a big score read in one go does not double
   * its columns (and copy them) a dozen times on the way. Untouched room costs no memory:
   * fresh typed arrays are zero pages until written.
   */
  reserve(count: number): void {
    const needed = this.count + count;
    if (needed <= this.notes.offset.length) return;
    this.resize(needed);
  }

  /** Forgets every event from `length` on (a failed batch). */
  truncate(length: number): void {
    if (length < this.count) this.count = length;
  }

  event(i: number): NoteEvent {
    return noteEvent(this.notes, i);
  }

  /** The event at `index`, counting from the end when negative (as Array.prototype.at). */
  at(index: number): NoteEvent | undefined {
    const i = index < 0 ? this.count + index : index;
    return i >= 0 && i < this.count ? this.event(i) : undefined;
  }

  slice(from = 0, to = this.count): NoteEvent[] {
    return noteEvents(this.notes, from, to);
  }

  /** Column access for the hot loops that must not make objects. */
  offset = (i: number): number => this.notes.offset[i]!;
  audibleDuration = (i: number): number => this.notes.audibleDuration[i]!;
  channel = (i: number): number => this.notes.midiChannel[i]!;
  owner = (i: number): PartIdentity => this.owners[this.ownerOf[i]!]!;

  /** To new columns: twice as long when full, or the same length when columns handed out would see the next note. */
  private move(): void {
    const capacity = this.notes.offset.length;
    this.resize(this.count === capacity ? Math.max(1024, capacity * 2) : capacity);
  }

  private resize(capacity: number): void {
    this.notes = resized({ ...this.notes, length: this.count }, capacity);
    const ownerOf = new Uint32Array(capacity);
    ownerOf.set(this.ownerOf.subarray(0, this.count));
    this.ownerOf = ownerOf;
    this.shared = 0;
  }
}
