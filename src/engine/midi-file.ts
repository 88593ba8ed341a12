import { midiMessageColumns, trackRuns } from './midi-messages.js';
import type { ScoreView } from './score-view.js';
import { Meta, SmfWriter } from './smf-writer.js';
import { TickClock } from './midi-ticks.js';
import { inTimeOrder } from './time-order.js';

/**
 * Ticks per quarter note. Alda 2 writes 128; 960 is what DAWs use, divides evenly by 2, 3, 4,
 * 5, 6 and 8 (so triplets and quintuplets land on whole ticks) and keeps every event within
 * about half a millisecond of its time in the score at 120 BPM.
 */
export const MIDI_FILE_PPQ = 960;

export interface MidiFileOptions {
  /** Ticks per quarter note; `MIDI_FILE_PPQ` unless told. */
  readonly ppq?: number;
  /** The sequence name, written on the first track (e.g. the score's file name). */
  readonly name?: string;
  /** Where the score ends (ms), when it ends in rests: the first track lasts until then. */
  readonly end?: number;
}

/** An event of the first track: what it is, and its tick. */
type ConductorEvent = { readonly tick: number } & ({ readonly tempo: number } | { readonly type: Meta; readonly text: string });

/**
 * A Standard MIDI File (type 1) of a score: a first track with the tempo map and the markers,
 * then one track per part that plays, named after the part (its alias if it has one) and its instrument, holding that
 * part's program changes, CC 11/CC 10 and notes on its channels. Times are the score's, from
 * tick 0 (a leading rest stays in the file; Alda 2 moves the first note to tick 0).
 */
export function midiFile(view: ScoreView, options: MidiFileOptions = {}): Uint8Array {
  const clock = new TickClock(view.tempoChanges, options.ppq ?? MIDI_FILE_PPQ);
  const messages = midiMessageColumns(view);

  // A message takes 3 to 5 bytes: the buffer is made once, not grown by doubling (memory touched for the first time is dear).
  const file = new SmfWriter(1, clock.ppq, (1 << 16) + 5 * messages.count);
  const conductor: ConductorEvent[] = [];
  if (options.name !== undefined) conductor.push({ tick: 0, type: Meta.TrackName, text: options.name });
  for (const tempo of clock.tempos) conductor.push({ tick: tempo.tick, tempo: tempo.microsPerQuarter });
  for (const [name, offset] of view.markers) conductor.push({ tick: clock.tick(offset), type: Meta.Marker, text: name });
  file.startTrack();
  for (const event of conductor.sort((a, b) => a.tick - b.tick)) {
    if ('tempo' in event) file.tempo(event.tick, event.tempo);
    else file.text(event.tick, event.type, event.text);
  }
  file.endTrack(clock.tick(options.end ?? 0));

  const { offsets, packed, ranks, partIds } = messages;
  const { indexes, starts } = trackRuns(messages);
  // One array for every track's ticks, as long as the longest track: a big score's are megabytes.
  let longest = 0;
  for (let p = 0; p < partIds.length; p++) longest = Math.max(longest, starts[2 * p + 2]! - starts[2 * p]!);
  const ticks = new Float64Array(longest);
  for (const part of view.parts) {
    const index = partIds.indexOf(part.id);
    if (index < 0 || starts[2 * index] === starts[2 * index + 2]) continue;
    const own = indexes.subarray(starts[2 * index], starts[2 * index + 2]);
    file.startTrack();
    file.text(0, Meta.TrackName, part.alias ?? part.name);
    file.text(0, Meta.InstrumentName, part.instrument);
    const order = inTimeOrder(own, offsets, ranks);
    file.messages(order, clock.ticks(order, offsets, ticks), packed);
    file.endTrack(0);
  }
  return file.bytes();
}
