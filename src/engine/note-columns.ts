import type { Span } from '../lisp/form.js';
import type { NoteEvent } from './note-event.js';

/** The span column's value for a note that has no source. */
export const NO_SPAN = -1;

/**
 * Note events as columns (typed arrays), note `i` at index `i` of each, `length` of them: what
 * the MIDI writer and the message builder read, so that a quarter of a million notes cost a few
 * megabytes and no object each. `part[i]` indexes `partIds`. Nobody writes into a NoteColumns
 * once it is made.
 */
export interface NoteColumns {
  readonly length: number;
  readonly partIds: readonly string[];
  readonly part: Uint32Array;
  readonly offset: Float64Array;
  readonly duration: Float64Array;
  readonly audibleDuration: Float64Array;
  /**
   * Volume, track volume and panning change rarely, so a note holds an index into a table of
   * them (4 bytes where three numbers took 24): note `i` plays `levels[3·level[i]]` (volume),
   * the next (track volume) and the one after (panning); see `volumeOf` and the others. The
   * table only grows: an entry, once written, never changes.
   */
  readonly level: Uint32Array;
  readonly levels: readonly number[];
  readonly midiNote: Uint8Array;
  readonly midiChannel: Uint8Array;
  readonly spanStart: Int32Array;
  readonly spanEnd: Int32Array;
}

export const volumeOf = (notes: NoteColumns, i: number): number => notes.levels[3 * notes.level[i]!]!;
export const trackVolumeOf = (notes: NoteColumns, i: number): number => notes.levels[3 * notes.level[i]! + 1]!;
export const panningOf = (notes: NoteColumns, i: number): number => notes.levels[3 * notes.level[i]! + 2]!;

/**
 * Where `volume`, `trackVolume` and `panning` are in `levels`: the entry at `last` when it holds
 * the same three (`Object.is`: -0 prints apart from 0), else a new entry at the end.
 */
export function levelFor(levels: number[], last: number | undefined, volume: number, trackVolume: number, panning: number): number {
  if (
    last !== undefined &&
    Object.is(levels[3 * last], volume) &&
    Object.is(levels[3 * last + 1], trackVolume) &&
    Object.is(levels[3 * last + 2], panning)
  ) return last;
  levels.push(volume, trackVolume, panning);
  return levels.length / 3 - 1;
}

/** Note `i` as an object. */
export function noteEvent(notes: NoteColumns, i: number): NoteEvent {
  const start = notes.spanStart[i]!;
  return {
    part: notes.partIds[notes.part[i]!]!,
    offset: notes.offset[i]!,
    duration: notes.duration[i]!,
    audibleDuration: notes.audibleDuration[i]!,
    midiNote: notes.midiNote[i]!,
    midiChannel: notes.midiChannel[i]!,
    volume: volumeOf(notes, i),
    trackVolume: trackVolumeOf(notes, i),
    panning: panningOf(notes, i),
    span: start === NO_SPAN ? undefined : ({ start, end: notes.spanEnd[i]! } satisfies Span),
  };
}

/** Notes `from` … `to` as objects, for those who need objects. */
export function noteEvents(notes: NoteColumns, from = 0, to = notes.length): NoteEvent[] {
  const events: NoteEvent[] = [];
  for (let i = from; i < to; i++) events.push(noteEvent(notes, i));
  return events;
}

/** Columns for `count` notes, all zero, naming parts in `partIds` and levels in `levels`. */
export function zeroColumns(count: number, partIds: readonly string[], levels: readonly number[]): NoteColumns {
  return {
    length: count,
    partIds,
    part: new Uint32Array(count),
    offset: new Float64Array(count),
    duration: new Float64Array(count),
    audibleDuration: new Float64Array(count),
    level: new Uint32Array(count),
    levels,
    midiNote: new Uint8Array(count),
    midiChannel: new Uint8Array(count),
    spanStart: new Int32Array(count),
    spanEnd: new Int32Array(count),
  };
}

/** The same notes in columns of `capacity` (at least `notes.length`: the rest zero), sharing nothing with `notes`. */
export function resized(notes: NoteColumns, capacity: number): NoteColumns {
  const copy = zeroColumns(capacity, notes.partIds, notes.levels);
  const n = notes.length;
  copy.part.set(notes.part.subarray(0, n));
  copy.offset.set(notes.offset.subarray(0, n));
  copy.duration.set(notes.duration.subarray(0, n));
  copy.audibleDuration.set(notes.audibleDuration.subarray(0, n));
  copy.level.set(notes.level.subarray(0, n));
  copy.midiNote.set(notes.midiNote.subarray(0, n));
  copy.midiChannel.set(notes.midiChannel.subarray(0, n));
  copy.spanStart.set(notes.spanStart.subarray(0, n));
  copy.spanEnd.set(notes.spanEnd.subarray(0, n));
  return { ...copy, length: n };
}

/** Copies note `from` of `source` to index `to` of `target` (the same part list and levels), its offset moved by `shift`. */
function copyNote(source: NoteColumns, from: number, target: NoteColumns, to: number, shift = 0): void {
  target.part[to] = source.part[from]!;
  target.offset[to] = source.offset[from]! + shift;
  target.duration[to] = source.duration[from]!;
  target.audibleDuration[to] = source.audibleDuration[from]!;
  target.level[to] = source.level[from]!;
  target.midiNote[to] = source.midiNote[from]!;
  target.midiChannel[to] = source.midiChannel[from]!;
  target.spanStart[to] = source.spanStart[from]!;
  target.spanEnd[to] = source.spanEnd[from]!;
}

/** Note events given as objects (a view read from JSON, a hand-made one), as columns. */
export function noteColumns(events: readonly NoteEvent[]): NoteColumns {
  const partIds: string[] = [];
  const partIndex = new Map<string, number>();
  const levels: number[] = [];
  let level: number | undefined;
  const notes = zeroColumns(events.length, partIds, levels);
  events.forEach((event, i) => {
    notes.part[i] = indexIn(partIds, partIndex, event.part);
    notes.offset[i] = event.offset;
    notes.duration[i] = event.duration;
    notes.audibleDuration[i] = event.audibleDuration;
    level = levelFor(levels, level, event.volume, event.trackVolume, event.panning);
    notes.level[i] = level;
    notes.midiNote[i] = event.midiNote;
    notes.midiChannel[i] = event.midiChannel;
    notes.spanStart[i] = event.span ? event.span.start : NO_SPAN;
    notes.spanEnd[i] = event.span ? event.span.end : NO_SPAN;
  });
  return notes;
}

/** The notes that start in `[start, end)`, moved so that `start` is time 0. */
export function notesBetween(notes: NoteColumns, start: number, end: number): NoteColumns {
  let count = 0;
  for (let i = 0; i < notes.length; i++) if (notes.offset[i]! >= start && notes.offset[i]! < end) count++;
  const cut = zeroColumns(count, notes.partIds, notes.levels);
  let to = 0;
  for (let i = 0; i < notes.length; i++) if (notes.offset[i]! >= start && notes.offset[i]! < end) copyNote(notes, i, cut, to++, -start);
  return cut;
}

/** Where `key` is in `keys` (appended the first time), found through `index`. */
export function indexIn<K>(keys: K[], index: Map<K, number>, key: K): number {
  let at = index.get(key);
  if (at === undefined) {
    at = keys.length;
    keys.push(key);
    index.set(key, at);
  }
  return at;
}
