import { noteEvents, type NoteColumns } from './note-columns.js';
import type { NoteEvent } from './note-event.js';

/** What a part is, as far as playing and exporting it needs to know. */
export interface PartInfo {
  readonly id: string;
  /** The name as written in the declaration that created it (`piano`, `violin`). */
  readonly name: string;
  /**
   * The alias that names this part alone, as Alda keeps it (`main` for `cello "main"`,
   * `strings.violin` for the violin of `violin/viola "strings"`); the shortest when there are several.
   */
  readonly alias?: string;
  /** The canonical stock instrument, e.g. `midi-acoustic-grand-piano`. */
  readonly instrument: string;
  /** 0-based General MIDI program; null for percussion (channel 9, no program change). */
  readonly program: number | null;
}

export interface TempoChange {
  readonly offset: number;
  readonly bpm: number;
}

/**
 * Everything a consumer of an evaluated score (performer, exporter) reads: the note
 * events, the parts, the tempo map that Alda would put in a MIDI file, and the markers.
 */
export interface ScoreView {
  /** The notes as columns: what the MIDI writer reads, no object per note. */
  readonly notes: NoteColumns;
  /** The same notes as objects, for those who want objects. */
  readonly events: readonly NoteEvent[];
  readonly parts: readonly PartInfo[];
  /** Sorted by offset; starts with `{offset: 0, bpm: 120}` unless the score changes it at 0. */
  readonly tempoChanges: readonly TempoChange[];
  readonly markers: ReadonlyMap<string, number>;
}

/** A view of `notes` whose `events` are made from them only when first asked for. */
export function viewOfNotes(notes: NoteColumns, rest: Omit<ScoreView, 'notes' | 'events'>): ScoreView {
  return new LazyEvents(notes, rest);
}

/**
 * A class, not an object literal with a getter: with such a literal, whose accessor is a closure
 * of its own each time (and so is its hidden class), V8's minor GCs kept the view and all it
 * reaches (a whole evaluation's draft) alive into the old generation, to be freed only by a full
 * GC: 18% of what an evaluation allocated, 1.7% without (test/server/score-garbage.test.ts).
 */
class LazyEvents implements ScoreView {
  readonly notes: NoteColumns;
  readonly parts: readonly PartInfo[];
  readonly tempoChanges: readonly TempoChange[];
  readonly markers: ReadonlyMap<string, number>;
  #events: readonly NoteEvent[] | undefined;

  constructor(notes: NoteColumns, rest: Omit<ScoreView, 'notes' | 'events'>) {
    this.notes = notes;
    this.parts = rest.parts;
    this.tempoChanges = rest.tempoChanges;
    this.markers = rest.markers;
  }

  get events(): readonly NoteEvent[] {
    return (this.#events ??= noteEvents(this.notes));
  }
}
