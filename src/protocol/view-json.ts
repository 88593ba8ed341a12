import { z } from 'zod';
import { noteColumns } from '../engine/note-columns.js';
import type { NoteEvent } from '../engine/note-event.js';
import type { ScoreView } from '../engine/score-view.js';

/**
 * A ScoreView as JSON, for the compiler's answer and the job store's `built` step: the markers
 * map becomes `[name, offset]` pairs, and events drop their source spans (nobody downstream of
 * `built` points into the source any more).
 */
export interface ViewJson {
  readonly events: Omit<NoteEvent, 'span'>[];
  readonly parts: ScoreView['parts'][number][];
  readonly tempoChanges: ScoreView['tempoChanges'][number][];
  readonly markers: [string, number][];
}

export function viewToJson(view: ScoreView): ViewJson {
  return {
    events: view.events.map(({ span: _span, ...event }) => event),
    parts: [...view.parts],
    tempoChanges: [...view.tempoChanges],
    markers: [...view.markers],
  };
}

const eventSchema = z.object({
  part: z.string(),
  offset: z.number(),
  duration: z.number(),
  audibleDuration: z.number(),
  midiNote: z.number().int().min(0).max(127),
  midiChannel: z.number().int().min(0).max(15),
  volume: z.number(),
  trackVolume: z.number(),
  panning: z.number(),
});
const viewSchema = z.object({
  events: z.array(eventSchema),
  parts: z.array(z.object({ id: z.string(), name: z.string(), alias: z.string().optional(), instrument: z.string(), program: z.number().int().min(0).max(127).nullable() })),
  tempoChanges: z.array(z.object({ offset: z.number(), bpm: z.number().positive() })),
  markers: z.array(z.tuple([z.string(), z.number()])),
});

/** The view a JSON value describes, or a message saying what is wrong with it. */
export function viewFromJson(value: unknown): ScoreView | string {
  const parsed = viewSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `not a score view at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
  }
  const { events, parts, tempoChanges, markers } = parsed.data;
  return { notes: noteColumns(events), events, parts, tempoChanges, markers: new Map(markers) };
}
