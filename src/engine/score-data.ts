import { goFixed } from '../lisp/go-fmt.js';
import { goJson } from './go-json.js';
import { durationJson } from './model/duration.js';
import { keySignatureJson } from './model/key-signature.js';
import type { Part } from './model/part.js';
import type { ScoreState } from './model/score-state.js';
import type { NoteEvent } from './note-event.js';
import { attributeJson, updateJson } from './update-json.js';
import { ByteWriter } from './byte-writer.js';

/**
 * Writes note events as Alda 2 prints them (keys in Go's sorted order), fast: a score has
 * hundreds of thousands, and printing doubles is the dearest part. The text before the
 * note number and the text after the offset depend on values that seldom change from one
 * note of a part to the next, so each part keeps its last ones ready.
 */
class EventWriter {
  readonly #parts = new Map<string, PartTexts>();
  readonly #notes = Array.from({ length: 128 }, (_, note) => `${note},"offset":`);

  json(event: NoteEvent): string {
    let texts = this.#parts.get(event.part);
    if (!texts) {
      texts = { head: '', audible: NaN, duration: NaN, channel: -1, tail: '', panning: NaN, trackVolume: NaN, volume: NaN };
      this.#parts.set(event.part, texts);
    }
    if (event.audibleDuration !== texts.audible || event.duration !== texts.duration || event.midiChannel !== texts.channel) {
      texts.audible = event.audibleDuration;
      texts.duration = event.duration;
      texts.channel = event.midiChannel;
      texts.head = `{"audible-duration":${event.audibleDuration},"duration":${event.duration},"midi-channel":${event.midiChannel},"midi-note":`;
    }
    if (event.panning !== texts.panning || event.trackVolume !== texts.trackVolume || event.volume !== texts.volume) {
      texts.panning = event.panning;
      texts.trackVolume = event.trackVolume;
      texts.volume = event.volume;
      texts.tail = `,"panning":${event.panning},"part":"${event.part}","track-volume":${event.trackVolume},"volume":${event.volume}}`;
    }
    return texts.head + this.#notes[event.midiNote] + event.offset + texts.tail;
  }
}

interface PartTexts {
  head: string;
  audible: number;
  duration: number;
  channel: number;
  tail: string;
  panning: number;
  trackVolume: number;
  volume: number;
}

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
  const writer = new EventWriter();
  state.events.forEach((event, i) => out.ascii((i === 0 ? '' : ',') + writer.json(event)));
  const globals = Object.fromEntries(state.globals.entries().map(([offset, changes]) => [goFixed(offset), changes.map(attributeJson)]));
  const parts = Object.fromEntries(state.parts.map((part) => [part.id, partJson(part)]));
  const variables = Object.fromEntries([...state.variables].map(([name, events]) => [name, events.map(updateJson)]));
  out.text(
    `],"global-attributes":${goJson(globals)},"markers":${goJson(Object.fromEntries(state.markers))},` +
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
