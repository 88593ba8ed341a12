import { notesBetween } from './note-columns.js';
import { viewOfNotes, type ScoreView, type TempoChange } from './score-view.js';

/** `--from`/`--to` is neither a time marking nor a marker of the score. */
export class OffsetReferenceError extends Error {
  readonly code = 'ALDA_BAD_OFFSET_REFERENCE';
}

/** The part of a score to play or export: Alda's `-F/--from` and `-T/--to`. */
export interface PlayRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const TIME_MARKING = /^(\d+):(\d+)$/;

/**
 * The offset in ms that `reference` names: a time marking `m:ss` (as Alda: whole minutes and
 * seconds; `0:90` is 90 s) or the name of a marker in the score.
 */
export function offsetOf(reference: string, markers: ReadonlyMap<string, number>): number {
  const marking = TIME_MARKING.exec(reference);
  if (marking) return Number(marking[1]) * 60_000 + Number(marking[2]) * 1000;
  const marker = markers.get(reference);
  if (marker !== undefined) return marker;
  // Alda's message, then what Alda does not say: the markers there are.
  const known = markers.size > 0 ? `\n\nThe markers in this score: ${[...markers.keys()].join(', ')}` : '';
  throw new OffsetReferenceError(
    `${reference} is not a valid offset reference.\n\nValid offset references include:\n` +
      `  • A minute-and-second time marking (e.g. 0:30)\n  • The name of a marker in the score (e.g. verse2)${known}`,
  );
}

/**
 * Refuses a `--from` at or past the end of a score `length` ms long, which would play nothing:
 * the user most likely mistook the score's length, so the message gives it.
 */
export function checkStart(range: PlayRange, markers: ReadonlyMap<string, number>, length: number): void {
  if (range.from === undefined) return;
  const start = offsetOf(range.from, markers);
  if (start > 0 && start >= length) {
    throw new OffsetReferenceError(`--from ${range.from} is past the end: the score is only ${timeMarking(length)} long`);
  }
}

/** `m:ss` (with tenths where the length is not whole seconds), as `--from` and `--to` are written. */
function timeMarking(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  const whole = Number.isInteger(rest) ? String(rest) : rest.toFixed(1);
  return `${minutes}:${whole.padStart(rest < 10 ? whole.length + 1 : whole.length, '0')}`;
}

/**
 * The score cut to a range, as Alda cuts it: the notes that start in `[from, to)`, shifted so
 * that `from` is time 0 (notes keep their full length, even past `to`); the tempo in force at
 * `from` and the tempo changes before `to`; the markers in the range.
 */
export function cutView(view: ScoreView, range: PlayRange): ScoreView {
  if (range.from === undefined && range.to === undefined) return view;
  const start = range.from === undefined ? 0 : offsetOf(range.from, view.markers);
  const end = range.to === undefined ? Infinity : offsetOf(range.to, view.markers);
  if (end < start) {
    throw new OffsetReferenceError(`--to (${range.to}) comes before --from (${range.from}) in the score`);
  }
  return viewOfNotes(notesBetween(view.notes, start, end), {
    parts: view.parts,
    tempoChanges: cutTempo(view.tempoChanges, start, end),
    markers: new Map(
      [...view.markers].filter(([, offset]) => offset >= start && offset < end).map(([name, offset]) => [name, offset - start]),
    ),
  });
}

function cutTempo(changes: readonly TempoChange[], start: number, end: number): TempoChange[] {
  let first = 0;
  for (let i = 0; i < changes.length && changes[i]!.offset <= start; i++) first = i;
  const out: TempoChange[] = [];
  for (const change of changes.slice(first)) {
    if (change.offset >= end) break;
    out.push({ offset: Math.max(0, change.offset - start), bpm: change.bpm });
  }
  return out.length > 0 ? out : [{ offset: 0, bpm: 120 }];
}
