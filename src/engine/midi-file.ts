import { writeMidi, type MidiEvent } from 'midi-file';
import { midiMessages, type MidiMessage } from './midi-messages.js';
import type { ScoreView } from './score-view.js';
import { TickClock } from './midi-ticks.js';

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
}

/**
 * A Standard MIDI File (type 1) of a score: a first track with the tempo map and the markers,
 * then one track per part that plays, named after the part and its instrument, holding that
 * part's program changes, CC 11/CC 10 and notes on its channels. Times are the score's, from
 * tick 0 (a leading rest stays in the file; Alda 2 moves the first note to tick 0).
 * Written with midi-file's writer: jzz-midi-smf's `MTrk.add` rescans the track on every
 * insert, which took 1.7 s for 40,000 events and grows with the square.
 */
export function midiFile(view: ScoreView, options: MidiFileOptions = {}): Uint8Array {
  const clock = new TickClock(view.tempoChanges, options.ppq ?? MIDI_FILE_PPQ);
  const byPart = new Map<string, MidiMessage[]>();
  for (const message of midiMessages(view)) {
    const list = byPart.get(message.part);
    if (list) list.push(message);
    else byPart.set(message.part, [message]);
  }

  const conductor: Timed[] = [];
  if (options.name !== undefined) conductor.push({ tick: 0, event: meta({ type: 'trackName', text: options.name }) });
  for (const tempo of clock.tempos) {
    conductor.push({ tick: tempo.tick, event: meta({ type: 'setTempo', microsecondsPerBeat: tempo.microsPerQuarter }) });
  }
  const markers = [...view.markers].sort(([, a], [, b]) => a - b);
  for (const [name, offset] of markers) conductor.push({ tick: clock.tick(offset), event: meta({ type: 'marker', text: name }) });
  conductor.sort((a, b) => a.tick - b.tick);

  const tracks = [withDeltas(conductor)];
  for (const part of view.parts) {
    const messages = byPart.get(part.id);
    if (!messages) continue;
    const track: Timed[] = [
      { tick: 0, event: meta({ type: 'trackName', text: part.name }) },
      { tick: 0, event: meta({ type: 'instrumentName', text: part.instrument }) },
    ];
    for (const message of messages) track.push({ tick: clock.tick(message.offset), event: channelEvent(message.data) });
    tracks.push(withDeltas(track));
  }
  return Uint8Array.from(
    writeMidi({ header: { format: 1, numTracks: tracks.length, ticksPerBeat: clock.ppq }, tracks }, { running: true }),
  );
}

interface Timed {
  readonly tick: number;
  readonly event: MidiEvent;
}

/** Distributes over the union so each meta event type keeps its own fields. */
type WithoutDelta<T> = T extends MidiEvent ? Omit<T, 'deltaTime'> : never;

function meta(event: WithoutDelta<MidiEvent>): MidiEvent {
  return { ...event, deltaTime: 0, meta: true } as MidiEvent;
}

function channelEvent(data: readonly number[]): MidiEvent {
  const channel = data[0]! & 0x0f;
  switch (data[0]! & 0xf0) {
    case 0x80:
      return { type: 'noteOff', deltaTime: 0, channel, noteNumber: data[1]!, velocity: data[2]! };
    case 0x90:
      return { type: 'noteOn', deltaTime: 0, channel, noteNumber: data[1]!, velocity: data[2]! };
    case 0xb0:
      return { type: 'controller', deltaTime: 0, channel, controllerType: data[1]!, value: data[2]! };
    case 0xc0:
      return { type: 'programChange', deltaTime: 0, channel, programNumber: data[1]! };
    default:
      throw new Error(`unexpected MIDI status ${data[0]}`);
  }
}

/** Events in tick order (already sorted) with delta times, closed by an end-of-track. */
function withDeltas(timed: readonly Timed[]): MidiEvent[] {
  const out: MidiEvent[] = [];
  let last = 0;
  for (const { tick, event } of timed) {
    out.push({ ...event, deltaTime: tick - last });
    last = tick;
  }
  out.push({ type: 'endOfTrack', deltaTime: 0, meta: true });
  return out;
}
