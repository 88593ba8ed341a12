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

/**
 * Events formatted at a time: enough that formatting their numbers is one call for hundreds,
 * few enough that the writer's buffer (their numbers' text, their output: ≈180 KB) stays in
 * cache (1024 a batch and a 512 KB buffer: the 1 MB score's writing 165 ms CPU at best of 21
 * warm runs, against 140).
 */
const BATCH = 256;

const HEAD_CHANGED = 1;
const TAIL_CHANGED = 2;

/**
 * Where each part's texts are in the writer's scratch bytes, after the batch's numbers: the
 * text before the note number (`{"audible-duration":…,"midi-note":`) and the one after the
 * offset (`,"panning":…}`), each written again only when one of the values it holds changes.
 */
class PartTexts {
  readonly headAt: Int32Array;
  readonly headEnd: Int32Array;
  readonly tailAt: Int32Array;
  readonly tailEnd: Int32Array;
  /** The values the texts were written for: any other is a change. */
  readonly audible: Float64Array;
  readonly duration: Float64Array;
  readonly channel: Int32Array;
  /** The entry of the levels table the tail was written for: the same entry, the same three values. */
  readonly level: Int32Array;
  readonly panning: Float64Array;
  readonly trackVolume: Float64Array;
  readonly volume: Float64Array;
  /** `,"part":"…"` of each part. */
  readonly names: readonly Uint8Array[];
  /** The scratch bytes needed, and the most bytes one event takes. */
  readonly scratch: number;
  readonly eventRoom: number;

  constructor(partIds: readonly string[]) {
    const parts = partIds.length;
    this.names = partIds.map((id) => NAME_ENCODER.encode(`,"part":${goString(id)}`));
    this.headAt = new Int32Array(parts);
    this.tailAt = new Int32Array(parts);
    let at = NUMBERS_ROOM;
    let longestTail = 0;
    for (let p = 0; p < parts; p++) {
      this.headAt[p] = at;
      this.tailAt[p] = at + HEAD_ROOM;
      at += HEAD_ROOM + TAIL_ROOM + this.names[p]!.length;
      longestTail = Math.max(longestTail, TAIL_ROOM + this.names[p]!.length);
    }
    this.headEnd = this.headAt.slice();
    this.tailEnd = this.tailAt.slice();
    this.audible = new Float64Array(parts).fill(NaN);
    this.duration = new Float64Array(parts).fill(NaN);
    this.channel = new Int32Array(parts).fill(-1);
    this.level = new Int32Array(parts).fill(-1);
    this.panning = new Float64Array(parts).fill(NaN);
    this.trackVolume = new Float64Array(parts).fill(NaN);
    this.volume = new Float64Array(parts).fill(NaN);
    this.scratch = at;
    this.eventRoom = 1 + HEAD_ROOM + NOTE_ROOM + MAX_NUMBER_TEXT + longestTail;
  }
}

const NAME_ENCODER = new TextEncoder();

/**
 * Writes note events as Alda 2 prints them (keys in Go's sorted order), straight from the
 * score's columns into bytes: a score has hundreds of thousands, and printing doubles is the
 * dearest part. A batch of events is read twice: once to gather the numbers to print (the
 * offset, and the values of a part's head or tail text that changed), which are then formatted
 * together, and once to write the events. Every text an event is copied from (its part's head
 * and tail, its numbers) is in the writer's scratch bytes, so each copy is one `copyWithin`.
 * A short score's writing runs in the interpreter (src/cli/compiler-tiering.ts), where each
 * call and each property read is paid for at every event: the columns are read into locals
 * once, and the copies are made here rather than through a helper (perf-100k's writing: 378 →
 * 338 M instructions).
 */
function writeEvents(out: ByteWriter, notes: NoteColumns, texts: PartTexts): void {
  const numbers = new NumberTexts();
  const changes = new Uint8Array(BATCH);
  const { headAt, headEnd, tailAt, tailEnd, names } = texts;
  const { part: parts, midiNote, midiChannel } = notes;
  for (let from = 0; from < notes.length; from += BATCH) {
    const to = Math.min(notes.length, from + BATCH);
    gatherNumbers(notes, from, to, texts, numbers, changes);
    const buffer = out.room((to - from) * texts.eventRoom);
    numbers.format(buffer, 0);
    let at = out.at;
    for (let i = from; i < to; i++) {
      const part = parts[i]!;
      const change = changes[i - from]!;
      if (change & HEAD_CHANGED) headEnd[part] = writeHead(buffer, headAt[part]!, midiChannel[i]!, numbers);
      if (i > 0) buffer[at++] = COMMA;
      const head = headAt[part]!;
      const headStop = headEnd[part]!;
      buffer.copyWithin(at, head, headStop);
      at += headStop - head;
      const note = NOTE_TEXTS[midiNote[i]!]!;
      buffer.set(note, at);
      at = numbers.copy(buffer, at + note.length);
      if (change & TAIL_CHANGED) tailEnd[part] = writeTail(buffer, tailAt[part]!, names[part]!, numbers);
      const tail = tailAt[part]!;
      const tailStop = tailEnd[part]!;
      buffer.copyWithin(at, tail, tailStop);
      at += tailStop - tail;
    }
    out.wrote(at);
  }
}

/** Adds the numbers that events `from` … `to` print to `numbers`, in the order they are written, and marks which of their part's texts changed in `changes`. */
function gatherNumbers(notes: NoteColumns, from: number, to: number, texts: PartTexts, numbers: NumberTexts, changes: Uint8Array): void {
  const { part: parts, audibleDuration, duration: durations, midiChannel, offset, level: levelOf } = notes;
  const { audible: lastAudible, duration: lastDuration, channel: lastChannel, level: lastLevel } = texts;
  for (let i = from; i < to; i++) {
    let change = 0;
    const part = parts[i]!;
    const audible = audibleDuration[i]!;
    const duration = durations[i]!;
    const channel = midiChannel[i]!;
    if (audible !== lastAudible[part] || duration !== lastDuration[part] || channel !== lastChannel[part]) {
      lastAudible[part] = audible;
      lastDuration[part] = duration;
      lastChannel[part] = channel;
      numbers.add(audible);
      numbers.add(duration);
      change = HEAD_CHANGED;
    }
    numbers.add(offset[i]!);
    const level = levelOf[i]!;
    if (level !== lastLevel[part]) {
      lastLevel[part] = level;
      const panning = panningOf(notes, i);
      const trackVolume = trackVolumeOf(notes, i);
      const volume = volumeOf(notes, i);
      if (panning !== texts.panning[part] || trackVolume !== texts.trackVolume[part] || volume !== texts.volume[part]) {
        texts.panning[part] = panning;
        texts.trackVolume[part] = trackVolume;
        texts.volume[part] = volume;
        numbers.add(panning);
        numbers.add(trackVolume);
        numbers.add(volume);
        change |= TAIL_CHANGED;
      }
    }
    changes[i - from] = change;
  }
}

/** Writes a head text at `at` of `buffer` (its two numbers next in `numbers`), and returns where it ends. */
function writeHead(buffer: Uint8Array, at: number, channel: number, numbers: NumberTexts): number {
  at = putBytes(buffer, at, AUDIBLE_DURATION);
  at = numbers.copy(buffer, at);
  at = putBytes(buffer, at, DURATION);
  at = numbers.copy(buffer, at);
  at = putBytes(buffer, at, MIDI_CHANNEL);
  at = putBytes(buffer, at, CHANNEL_TEXTS[channel]!);
  return putBytes(buffer, at, MIDI_NOTE);
}

/** Writes a tail text at `at` of `buffer` (its three numbers next in `numbers`), and returns where it ends. */
function writeTail(buffer: Uint8Array, at: number, name: Uint8Array, numbers: NumberTexts): number {
  at = putBytes(buffer, at, PANNING);
  at = numbers.copy(buffer, at);
  at = putBytes(buffer, at, name);
  at = putBytes(buffer, at, TRACK_VOLUME);
  at = numbers.copy(buffer, at);
  at = putBytes(buffer, at, VOLUME);
  at = numbers.copy(buffer, at);
  buffer[at++] = CLOSE_BRACE;
  return at;
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
const NOTE_ROOM = NOTE_TEXTS[127]!.length;
const HEAD_ROOM = AUDIBLE_DURATION.length + DURATION.length + MIDI_CHANNEL.length + MIDI_NOTE.length + 2 * MAX_NUMBER_TEXT + 3;
/** The scratch bytes a batch's numbers take as text: at most six numbers an event. */
const NUMBERS_ROOM = 6 * BATCH * (MAX_NUMBER_TEXT + 1) + 2;
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
    // A Map, not an object: an object given hundreds of keys one by one is rebuilt at each (16 ms for the 1 MB score's five parts).
    'tempo-values': new Map([...part.tempoValues].map(([offset, bpm]) => [goFixed(offset), bpm])),
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
  const notes = state.events.columns();
  const texts = new PartTexts(notes.partIds);
  const out = new ByteWriter(flush, texts.scratch);
  const aliases = Object.fromEntries([...state.aliases].map(([alias, parts]) => [alias, parts.map((part) => part.id)]));
  out.text(`{"aliases":${goJson(aliases)},"current-parts":${goJson(state.currentParts.map((part) => part.id))},"events":[`);
  writeEvents(out, notes, texts);
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
