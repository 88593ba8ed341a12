import type { NoteEvent } from './note-event.js';
import type { ScoreView } from './score-view.js';

/** A MIDI channel message at a time in the score. */
export interface MidiMessage {
  /** Milliseconds of score time. */
  readonly offset: number;
  /** `[status, data1, data2]`, or `[status, data1]` for a program change. */
  readonly data: readonly number[];
  /** Id of the part it belongs to. */
  readonly part: string;
}

const PERCUSSION_CHANNEL = 9;
/** Alda sends a part's track volume as Expression (CC 11), not Channel Volume (CC 7) (alda-core#75). */
export const TRACK_VOLUME_CONTROLLER = 11;
export const PANNING_CONTROLLER = 10;

/** At equal times: note-offs first (a repeated note is not cut), then set-up, then note-ons. */
const Rank = { NoteOff: 0, Program: 1, Control: 2, NoteOn: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

/** The most messages one note makes: a program change, two controllers, its note-on and note-off. */
const MAX_PER_NOTE = 5;

/**
 * A score's MIDI messages as columns, a few bytes each rather than an object each (the 1 MB
 * benchmark score makes 460,000): message `i` is at `offsets[i]` ms, of part `partIds[parts[i]]`,
 * its bytes packed in `packed[i]` (see `messageData`); `order` lists them in time order.
 */
export interface MessageColumns {
  readonly order: Uint32Array;
  readonly offsets: Float64Array;
  readonly packed: Uint32Array;
  readonly parts: Uint16Array;
  readonly partIds: readonly string[];
}

/** `[status, data1, data2]` packed into one number, with its length (2 or 3) in the top byte. */
export function packMessage(data: readonly number[]): number {
  return (data[0]! | (data[1]! << 8) | ((data[2] ?? 0) << 16) | (data.length << 24)) >>> 0;
}

/** The bytes of a packed message. */
export function messageData(packed: number): number[] {
  const data = [packed & 0xff, (packed >> 8) & 0xff, (packed >> 16) & 0xff];
  return packed >>> 24 === 2 ? data.slice(0, 2) : data;
}

/** The note of one key on one channel that sounds last: where it starts, and its note-off's index. */
interface Held {
  readonly start: number;
  readonly off: number;
}

/** Starts closer than this (ms) are the same start: float noise from tuplets and tempo maths. */
const SAME_TIME = 1e-6;

interface ChannelState {
  part: string | undefined;
  program: number | undefined;
  volume: number | undefined;
  panning: number | undefined;
}

/**
 * The MIDI messages that perform a score, in time order, as Alda's player would send them:
 * before a note, the program (never on channel 10), track volume (CC 11) and panning
 * (CC 10) of its channel whenever they differ from what the channel last received or a
 * different part takes the channel over; the note-on with velocity `round(volume × 127)`;
 * the note-off at `offset + audibleDuration`. Notes of one key that overlap on one channel
 * stay well-formed for sequencers (every note-on has its own note-off): the earlier one ends
 * where the later begins, the later one lasts as long as either would have, and two that
 * start together are one note, the longer. Notes of velocity 0 are silent and left out (a
 * note-on of velocity 0 means note-off in MIDI).
 */
export function midiMessages(view: ScoreView): MidiMessage[] {
  const { order, offsets, packed, parts, partIds } = midiMessageColumns(view);
  return Array.from(order, (i) => ({ offset: offsets[i]!, data: messageData(packed[i]!), part: partIds[parts[i]!]! }));
}

/** `midiMessages` as columns. */
export function midiMessageColumns(view: ScoreView): MessageColumns {
  const programOf = new Map(view.parts.map((part) => [part.id, part.program]));
  const partIds = view.parts.map((part) => part.id);
  const partIndex = new Map(partIds.map((id, i) => [id, i]));
  const events = [...view.events].sort((a, b) => a.offset - b.offset);
  const channels: ChannelState[] = Array.from({ length: 16 }, () => ({
    part: undefined,
    program: undefined,
    volume: undefined,
    panning: undefined,
  }));
  const indexOf = (part: string): number => {
    let index = partIndex.get(part);
    if (index === undefined) {
      index = partIds.push(part) - 1;
      partIndex.set(part, index);
    }
    return index;
  };
  const capacity = events.length * MAX_PER_NOTE;
  const offsets = new Float64Array(capacity);
  const packed = new Uint32Array(capacity);
  const ranks = new Uint8Array(capacity);
  const parts = new Uint16Array(capacity);
  let count = 0;
  const push = (offset: number, rank: Rank, data: number[], part: string): number => {
    offsets[count] = offset;
    ranks[count] = rank;
    packed[count] = packMessage(data);
    parts[count] = indexOf(part);
    return count++;
  };
  const held = new Map<number, Held>();

  for (const event of events) {
    const velocity = toMidi(event.volume);
    if (velocity === 0) continue;
    const channel = event.midiChannel;
    const state = channels[channel]!;
    const newcomer = state.part !== event.part;
    state.part = event.part;
    const program = programOf.get(event.part) ?? null;
    if (channel !== PERCUSSION_CHANNEL && program !== null && (newcomer || state.program !== program)) {
      state.program = program;
      push(event.offset, Rank.Program, [0xc0 | channel, program], event.part);
    }
    const volume = toMidi(event.trackVolume);
    if (newcomer || state.volume !== volume) {
      state.volume = volume;
      push(event.offset, Rank.Control, [0xb0 | channel, TRACK_VOLUME_CONTROLLER, volume], event.part);
    }
    const panning = toMidi(event.panning);
    if (newcomer || state.panning !== panning) {
      state.panning = panning;
      push(event.offset, Rank.Control, [0xb0 | channel, PANNING_CONTROLLER, panning], event.part);
    }
    const key = (channel << 7) | event.midiNote;
    let end = noteEnd(event);
    const previous = held.get(key);
    if (previous && event.offset < offsets[previous.off]!) {
      if (event.offset - previous.start < SAME_TIME) {
        offsets[previous.off] = Math.max(offsets[previous.off]!, end);
        continue;
      }
      end = Math.max(end, offsets[previous.off]!);
      offsets[previous.off] = event.offset;
    }
    push(event.offset, Rank.NoteOn, [0x90 | channel, event.midiNote, velocity], event.part);
    held.set(key, { start: event.offset, off: push(end, Rank.NoteOff, [0x80 | channel, event.midiNote, 0], event.part) });
  }

  const order = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => offsets[a]! - offsets[b]! || ranks[a]! - ranks[b]! || a - b);
  return { order, offsets: offsets.subarray(0, count), packed: packed.subarray(0, count), parts: parts.subarray(0, count), partIds };
}

/** Where a note stops sounding. */
export function noteEnd(event: NoteEvent): number {
  return event.offset + event.audibleDuration;
}

/** A 0–1 attribute as a 7-bit MIDI value. */
function toMidi(value: number): number {
  return Math.min(127, Math.max(0, Math.round(value * 127)));
}
