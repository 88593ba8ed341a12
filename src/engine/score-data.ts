import { goFixed } from '../lisp/go-fmt.js';
import { goJson, goString } from './go-json.js';
import { durationJson } from './model/duration.js';
import { keySignatureJson } from './model/key-signature.js';
import type { Part } from './model/part.js';
import type { ScoreState } from './model/score-state.js';
import { panningOf, trackVolumeOf, volumeOf, type NoteColumns } from './note-columns.js';
import { attributeJson, updateJson } from './update-json.js';
import { asciiBytes, ByteWriter, putBytes } from './byte-writer.js';
import { MAX_NUMBER_TEXT, NumberTexts } from './number-texts.js';

/** Events formatted at a time: big enough that formatting their numbers is one call, small enough to stay in cache. */
const BATCH = 1024;

/** A part's text before the note number: written again only when one of the values it holds changes. */
interface Head {
  readonly bytes: Uint8Array;
  /** The text: `bytes` as far as written. */
  text: Uint8Array;
  audible: number;
  duration: number;
  channel: number;
}

/** A part's text after the offset, the same. */
interface Tail {
  readonly bytes: Uint8Array;
  readonly part: Uint8Array;
  text: Uint8Array;
  /** The entry of the levels table the text was written for: the same entry, the same three values. */
  level: number;
  panning: number;
  trackVolume: number;
  volume: number;
}

const HEAD_CHANGED = 1;
const TAIL_CHANGED = 2;

/**
 * Writes note events as Alda 2 prints them (keys in Go's sorted order), straight from the
 * score's columns into bytes: a score has hundreds of thousands, and printing doubles is the
 * dearest part. The text before the note number and the text after the offset depend on
 * values that seldom change from one note of a part to the next, so each part keeps its last
 * ones as bytes. A batch of events is read twice: once to gather the numbers to print (the
 * offset, and the values of a head or tail that changed), which are then formatted together,
 * and once to write the events.
 */
function writeEvents(out: ByteWriter, notes: NoteColumns): void {
  const encoder = new TextEncoder();
  const heads = notes.partIds.map((): Head => ({ bytes: new Uint8Array(HEAD_ROOM), text: new Uint8Array(0), audible: NaN, duration: NaN, channel: -1 }));
  const tails = notes.partIds.map((id): Tail => {
    const part = encoder.encode(`,"part":${goString(id)}`);
    return { bytes: new Uint8Array(TAIL_ROOM + part.length), part, text: new Uint8Array(0), level: -1, panning: NaN, trackVolume: NaN, volume: NaN };
  });
  const numbers = new NumberTexts();
  const changes = new Uint8Array(BATCH);
  for (let from = 0; from < notes.length; from += BATCH) {
    const to = Math.min(notes.length, from + BATCH);
    for (let i = from; i < to; i++) changes[i - from] = gatherNumbers(notes, i, heads[notes.part[i]!]!, tails[notes.part[i]!]!, numbers);
    numbers.format();
    for (let i = from; i < to; i++) {
      const head = heads[notes.part[i]!]!;
      const tail = tails[notes.part[i]!]!;
      const change = changes[i - from]!;
      if (change & HEAD_CHANGED) writeHead(notes, i, head, numbers);
      const buffer = out.room(head.text.length + NOTE_ROOM + MAX_NUMBER_TEXT + tail.bytes.length);
      let at = out.at;
      if (i > 0) buffer[at++] = COMMA;
      at = putBytes(buffer, at, head.text);
      at = putBytes(buffer, at, NOTE_TEXTS[notes.midiNote[i]!]!);
      at = numbers.put(buffer, at, notes.offset[i]!);
      if (change & TAIL_CHANGED) writeTail(notes, i, tail, numbers);
      at = putBytes(buffer, at, tail.text);
      out.wrote(at);
    }
  }
}

/** Adds the numbers that event `i` prints to `numbers`, in the order they are written, and says which of its part's texts changed. */
function gatherNumbers(notes: NoteColumns, i: number, head: Head, tail: Tail, numbers: NumberTexts): number {
  let change = 0;
  const audible = notes.audibleDuration[i]!;
  const duration = notes.duration[i]!;
  const channel = notes.midiChannel[i]!;
  if (audible !== head.audible || duration !== head.duration || channel !== head.channel) {
    head.audible = audible;
    head.duration = duration;
    head.channel = channel;
    numbers.add(audible);
    numbers.add(duration);
    change = HEAD_CHANGED;
  }
  numbers.add(notes.offset[i]!);
  const level = notes.level[i]!;
  if (level === tail.level) return change;
  tail.level = level;
  const panning = panningOf(notes, i);
  const trackVolume = trackVolumeOf(notes, i);
  const volume = volumeOf(notes, i);
  if (panning !== tail.panning || trackVolume !== tail.trackVolume || volume !== tail.volume) {
    tail.panning = panning;
    tail.trackVolume = trackVolume;
    tail.volume = volume;
    numbers.add(panning);
    numbers.add(trackVolume);
    numbers.add(volume);
    change |= TAIL_CHANGED;
  }
  return change;
}

function writeHead(notes: NoteColumns, i: number, head: Head, numbers: NumberTexts): void {
  const bytes = head.bytes;
  let at = putBytes(bytes, 0, AUDIBLE_DURATION);
  at = numbers.put(bytes, at, notes.audibleDuration[i]!);
  at = putBytes(bytes, at, DURATION);
  at = numbers.put(bytes, at, notes.duration[i]!);
  at = putBytes(bytes, at, MIDI_CHANNEL);
  at = putBytes(bytes, at, CHANNEL_TEXTS[notes.midiChannel[i]!]!);
  head.text = bytes.subarray(0, putBytes(bytes, at, MIDI_NOTE));
}

function writeTail(notes: NoteColumns, i: number, tail: Tail, numbers: NumberTexts): void {
  const bytes = tail.bytes;
  let at = putBytes(bytes, 0, PANNING);
  at = numbers.put(bytes, at, panningOf(notes, i));
  at = putBytes(bytes, at, tail.part);
  at = putBytes(bytes, at, TRACK_VOLUME);
  at = numbers.put(bytes, at, trackVolumeOf(notes, i));
  at = putBytes(bytes, at, VOLUME);
  at = numbers.put(bytes, at, volumeOf(notes, i));
  bytes[at++] = CLOSE_BRACE;
  tail.text = bytes.subarray(0, at);
}

const AUDIBLE_DURATION = asciiBytes('{"audible-duration":');
const DURATION = asciiBytes(',"duration":');
const MIDI_CHANNEL = asciiBytes(',"midi-channel":');
const MIDI_NOTE = asciiBytes(',"midi-note":');
const PANNING = asciiBytes(',"panning":');
const TRACK_VOLUME = asciiBytes(',"track-volume":');
const VOLUME = asciiBytes(',"volume":');
const NOTE_TEXTS = Array.from({ length: 128 }, (_, note) => asciiBytes(`${note},"offset":`));
const CHANNEL_TEXTS = Array.from({ length: 256 }, (_, channel) => asciiBytes(String(channel)));
const NOTE_ROOM = 1 + NOTE_TEXTS[127]!.length;
const HEAD_ROOM = AUDIBLE_DURATION.length + DURATION.length + MIDI_CHANNEL.length + MIDI_NOTE.length + 2 * MAX_NUMBER_TEXT + 3;
const TAIL_ROOM = PANNING.length + TRACK_VOLUME.length + VOLUME.length + 3 * MAX_NUMBER_TEXT + 1;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

function partJson(part: Part): unknown {
  return {
    'current-offset': part.currentOffset,
    duration: durationJson(part.duration),
    id: part.id,
    'key-signature': keySignatureJson(part.key),
    'last-offset': part.lastOffset,
    'midi-channel': part.midiChannel,
    name: part.name,
    octave: part.octave,
    panning: part.panning,
    quantization: part.quantization,
    'reference-pitch': part.referencePitch,
    'stock-instrument': part.instrument.name,
    tempo: part.tempo,
    'tempo-role': part.tempoRole,
    'tempo-values': Object.fromEntries([...part.tempoValues].map(([offset, bpm]) => [goFixed(offset), bpm])),
    'time-scale': part.timeScale,
    'track-volume': part.trackVolume,
    transposition: part.transposition,
    volume: part.volume,
  };
}

/**
 * Writes the score as `alda parse -o data` prints it, as UTF-8 bytes in chunks, so that a
 * score with hundreds of thousands of notes never becomes one giant string. Each chunk is
 * a view of one reused buffer, valid only until `flush` returns.
 */
export function writeScoreData(state: ScoreState, flush: (bytes: Uint8Array) => void): void {
  const out = new ByteWriter(flush);
  const aliases = Object.fromEntries([...state.aliases].map(([alias, parts]) => [alias, parts.map((part) => part.id)]));
  out.text(`{"aliases":${goJson(aliases)},"current-parts":${goJson(state.currentParts.map((part) => part.id))},"events":[`);
  writeEvents(out, state.events.columns());
  const globals = new Map(state.globals.entries().map(([offset, changes]) => [goFixed(offset), changes.map(attributeJson)]));
  const parts = new Map(state.parts.map((part) => [part.id, partJson(part)]));
  const variables = new Map([...state.variables].map(([name, events]) => [name, events.map(updateJson)]));
  out.text(
    `],"global-attributes":${goJson(globals)},"markers":${goJson(state.markers)},` +
      `"parts":${goJson(parts)},"variables":${goJson(variables)}}\n`,
  );
  out.end();
}

/** The same as one string, for a score small enough to show whole (the REPL, an editor). */
export function scoreDataText(state: ScoreState): string {
  const decoder = new TextDecoder();
  let text = '';
  writeScoreData(state, (bytes) => (text += decoder.decode(bytes, { stream: true })));
  return text + decoder.decode();
}
