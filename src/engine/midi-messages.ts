import type { ScoreView } from './score-view.js';
import { panningOf, trackVolumeOf, volumeOf } from './note-columns.js';
import { groupedIndexes, inTimeOrder } from './time-order.js';

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
 * benchmark score makes 460,000), in the order they were made: message `i` is at `offsets[i]`
 * ms, of part `partIds[parts[i]]`, its bytes packed in `packed[i]` (see `messageData`), ranked
 * by `ranks[i]` among messages at the same time. `inTimeOrder(indexes, offsets, ranks)` puts
 * any of them in the order they are sent.
 */
export interface MessageColumns {
  readonly count: number;
  readonly offsets: Float64Array;
  readonly packed: Uint32Array;
  readonly ranks: Uint8Array;
  readonly parts: Uint32Array;
  readonly partIds: readonly string[];
}

/** A message of two bytes (`data2` left out) or three packed into one number, with its length (2 or 3) in the top byte. */
function packMessage(status: number, data1: number, data2?: number): number {
  return data2 === undefined ? (status | (data1 << 8) | (2 << 24)) >>> 0 : (status | (data1 << 8) | (data2 << 16) | (3 << 24)) >>> 0;
}

/** The bytes of a packed message. */
export function messageData(packed: number): number[] {
  const data = [packed & 0xff, (packed >> 8) & 0xff, (packed >> 16) & 0xff];
  return packed >>> 24 === 2 ? data.slice(0, 2) : data;
}

/** Starts closer than this (ms) are the same start: float noise from tuplets and tempo maths. */
const SAME_TIME = 1e-6;

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
  const messages = midiMessageColumns(view);
  const { offsets, packed, parts, partIds } = messages;
  return Array.from(sendingOrder(messages), (i) => ({ offset: offsets[i]!, data: messageData(packed[i]!), part: partIds[parts[i]!]! }));
}

/** The indexes of all the messages, in the order they are sent. */
export function sendingOrder(messages: MessageColumns): Uint32Array {
  return inTimeOrder(trackRuns(messages).indexes, messages.offsets, messages.ranks);
}

/**
 * The messages grouped as runs nearly in time order, two a part: its note-ons with their set-up,
 * made in time order, then its note-offs. Part `p`'s are `indexes[starts[2p]] … indexes[starts[2p + 2] - 1]`.
 */
export function trackRuns({ count, ranks, parts, partIds }: MessageColumns): ReturnType<typeof groupedIndexes> {
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = parts[i]! * 2 + (ranks[i] === Rank.NoteOff ? 1 : 0);
  return groupedIndexes(keys, partIds.length * 2);
}

/**
 * A number for each of the 2,048 keys (channel × 128 + note), -1 until set: one table kept for
 * every call, each call's own by a generation stamp, not tables made and filled for each (24 KB
 * a call: a live session's evaluation of one note made that, and its garbage, thousands of times
 * a second). `midiMessageColumns` never re-enters, and a worker thread has its own module.
 */
class KeyTable {
  readonly #values = new Int32Array(16 * 128);
  readonly #stamps = new Uint32Array(16 * 128);
  #generation = 0;

  /** The table emptied, for one call. */
  begin(): this {
    this.#generation = (this.#generation + 1) >>> 0;
    if (this.#generation === 0) {
      this.#stamps.fill(0);
      this.#generation = 1;
    }
    return this;
  }

  get(key: number): number {
    return this.#stamps[key] === this.#generation ? this.#values[key]! : -1;
  }

  set(key: number, value: number): void {
    this.#values[key] = value;
    this.#stamps[key] = this.#generation;
  }
}

const heldKeys = new KeyTable();

/** `midiMessages` as columns, made straight from the score's note columns. */
export function midiMessageColumns(view: ScoreView): MessageColumns {
  const notes = view.notes;
  const programOf = new Map(view.parts.map((part) => [part.id, part.program]));
  const programs = notes.partIds.map((id) => programOf.get(id) ?? null);
  // What each channel last received (-1: nothing yet), and from which part.
  const channelPart = new Int32Array(16).fill(-1);
  const channelProgram = new Int16Array(16).fill(-1);
  const channelVolume = new Int16Array(16).fill(-1);
  const channelPanning = new Int16Array(16).fill(-1);
  // The note-off of the note of each key (channel × 128 + key) that sounds last (its note-on is the message before it).
  const held = heldKeys.begin();

  const capacity = notes.length * MAX_PER_NOTE;
  const offsets = new Float64Array(capacity);
  const packed = new Uint32Array(capacity);
  const ranks = new Uint8Array(capacity);
  const parts = new Uint32Array(capacity);
  let count = 0;
  const push = (offset: number, rank: Rank, message: number, part: number): number => {
    offsets[count] = offset;
    ranks[count] = rank;
    packed[count] = message;
    parts[count] = part;
    return count++;
  };

  // Channels are shared between parts, so the notes are taken in time order across parts; each part's own come nearly in order.
  const byPart = groupedIndexes(notes.part, notes.partIds.length).indexes;
  for (const i of inTimeOrder(byPart, notes.offset, new Uint8Array(notes.length))) {
    const velocity = toMidi(volumeOf(notes, i));
    if (velocity === 0) continue;
    const offset = notes.offset[i]!;
    const channel = notes.midiChannel[i]!;
    const midiNote = notes.midiNote[i]!;
    const part = notes.part[i]!;
    const newcomer = channelPart[channel] !== part;
    channelPart[channel] = part;
    const program = programs[part] ?? null;
    if (channel !== PERCUSSION_CHANNEL && program !== null && (newcomer || channelProgram[channel] !== program)) {
      channelProgram[channel] = program;
      push(offset, Rank.Program, packMessage(0xc0 | channel, program), part);
    }
    const volume = toMidi(trackVolumeOf(notes, i));
    if (newcomer || channelVolume[channel] !== volume) {
      channelVolume[channel] = volume;
      push(offset, Rank.Control, packMessage(0xb0 | channel, TRACK_VOLUME_CONTROLLER, volume), part);
    }
    const panning = toMidi(panningOf(notes, i));
    if (newcomer || channelPanning[channel] !== panning) {
      channelPanning[channel] = panning;
      push(offset, Rank.Control, packMessage(0xb0 | channel, PANNING_CONTROLLER, panning), part);
    }
    const key = (channel << 7) | midiNote;
    let end = offset + notes.audibleDuration[i]!;
    const previous = held.get(key);
    if (previous >= 0 && offset < offsets[previous]!) {
      if (offset - offsets[previous - 1]! < SAME_TIME) {
        offsets[previous] = Math.max(offsets[previous]!, end);
        continue;
      }
      end = Math.max(end, offsets[previous]!);
      offsets[previous] = offset;
    }
    push(offset, Rank.NoteOn, packMessage(0x90 | channel, midiNote, velocity), part);
    held.set(key, push(end, Rank.NoteOff, packMessage(0x80 | channel, midiNote, 0), part));
  }
  return { count, offsets, packed, ranks, parts, partIds: notes.partIds };
}

/** A 0–1 attribute as a 7-bit MIDI value. */
function toMidi(value: number): number {
  return Math.min(127, Math.max(0, Math.round(value * 127)));
}
