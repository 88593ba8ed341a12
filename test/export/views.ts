import { noteColumns } from '../../src/engine/note-columns.js';
import type { NoteEvent } from '../../src/engine/note-event.js';
import type { PartInfo, ScoreView, TempoChange } from '../../src/engine/score-view.js';

/** Hand-made score values, for testing the exporters apart from the compiler. */
export const PIANO: PartInfo = { id: 'part001', name: 'piano', instrument: 'midi-acoustic-grand-piano', program: 0 };
export const VIOLIN: PartInfo = { id: 'part002', name: 'violin', instrument: 'midi-violin', program: 40 };
export const DRUMS: PartInfo = { id: 'part003', name: 'percussion', instrument: 'midi-percussion', program: null };

/** A note with Alda's defaults: a quarter at 120 BPM on the piano, channel 0, velocity 69. */
export function note(fields: Partial<NoteEvent> & { offset: number; midiNote: number }): NoteEvent {
  return {
    part: PIANO.id,
    duration: 500,
    audibleDuration: 450,
    midiChannel: 0,
    volume: 0.5421,
    trackVolume: 100 / 127,
    panning: 0.5,
    ...fields,
  };
}

export function view(
  events: readonly NoteEvent[],
  more: { parts?: readonly PartInfo[]; tempoChanges?: readonly TempoChange[]; markers?: Record<string, number> } = {},
): ScoreView {
  return {
    notes: noteColumns(events),
    events,
    parts: more.parts ?? [PIANO],
    tempoChanges: more.tempoChanges ?? [{ offset: 0, bpm: 120 }],
    markers: new Map(Object.entries(more.markers ?? {})),
  };
}
