import JZZ from 'jzz';
import installSmf from 'jzz-midi-smf';

/** A MIDI message or meta event as jzz-midi-smf holds it in a track: `tt` is its tick. */
export interface SmfEvent {
  tt: number;
}

/** A track: jzz-midi-smf's `MTrk`, an array of events ending with end-of-track. */
export interface SmfTrack extends Array<SmfEvent> {
  add(tick: number, event: SmfEvent): SmfTrack;
}

export interface SmfFile {
  push(track: SmfTrack): void;
  /** The file's bytes, one per char code. */
  dump(): string;
}

interface JzzSmf {
  MIDI: {
    (bytes: readonly number[]): SmfEvent;
    SMF: { new (type: number, ppq: number): SmfFile; MTrk: new () => SmfTrack };
    smfSeqName(text: string): SmfEvent;
    smfInstrName(text: string): SmfEvent;
    smfMarker(text: string): SmfEvent;
    smfTempo(microsPerQuarter: number): SmfEvent;
  };
}

installSmf(JZZ);
const jzz = JZZ as unknown as JzzSmf;

/** The typed face of jzz-midi-smf: what the MIDI file writer needs of it. */
export const smf = {
  file: (type: number, ppq: number): SmfFile => new jzz.MIDI.SMF(type, ppq),
  track: (): SmfTrack => new jzz.MIDI.SMF.MTrk(),
  message: (bytes: readonly number[]): SmfEvent => jzz.MIDI(bytes),
  trackName: (text: string): SmfEvent => jzz.MIDI.smfSeqName(text),
  instrumentName: (text: string): SmfEvent => jzz.MIDI.smfInstrName(text),
  marker: (text: string): SmfEvent => jzz.MIDI.smfMarker(text),
  tempo: (microsPerQuarter: number): SmfEvent => jzz.MIDI.smfTempo(microsPerQuarter),
};

/**
 * Fills a fresh track with events already in tick order. `MTrk.add` scans the track from
 * its start on every insert (1.7 s for 40,000 events, growing with the square; the 1 MB
 * benchmark score would take hours), so the events go in directly before the end-of-track
 * event that every `MTrk` starts with, which moves to the last event's tick (or `endTick`).
 */
export function fillTrack(track: SmfTrack, events: readonly { tick: number; event: SmfEvent }[], endTick = 0): SmfTrack {
  const endOfTrack = track.pop()!;
  let last = 0;
  for (const { tick, event } of events) {
    event.tt = tick;
    track.push(event);
    last = tick;
  }
  endOfTrack.tt = Math.max(last, endTick);
  track.push(endOfTrack);
  return track;
}
