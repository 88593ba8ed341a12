import { durationJson } from './model/duration.js';
import { keySignatureJson } from './model/key-signature.js';
import type { Part } from './model/part.js';
import type { ScoreState } from './model/score-state.js';
import type { NoteEvent } from './note-event.js';
import { attributeJson, updateJson } from './update-json.js';

/** Go's `%f`, which Alda uses for offsets as map keys. */
const goFloat = (n: number): string => n.toFixed(6);

/**
 * Number → JSON text, remembered: durations, volumes and pannings repeat through a score,
 * and printing a double is the dearest part of writing hundreds of thousands of events.
 */
class NumberText {
  #cache = new Map<number, string>();

  of(n: number): string {
    let text = this.#cache.get(n);
    if (text === undefined) {
      if (this.#cache.size > 50_000) this.#cache.clear();
      text = String(n);
      this.#cache.set(n, text);
    }
    return text;
  }
}

/** One note event as Alda 2 prints it (keys in Go's sorted order). */
export function noteEventJson(event: NoteEvent, numbers = new NumberText()): string {
  return (
    `{"audible-duration":${numbers.of(event.audibleDuration)},"duration":${numbers.of(event.duration)},"midi-channel":${event.midiChannel},` +
    `"midi-note":${event.midiNote},"offset":${event.offset},"panning":${numbers.of(event.panning)},"part":"${event.part}",` +
    `"track-volume":${numbers.of(event.trackVolume)},"volume":${numbers.of(event.volume)}}`
  );
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
    'tempo-values': Object.fromEntries([...part.tempoValues].map(([offset, bpm]) => [goFloat(offset), bpm])),
    'time-scale': part.timeScale,
    'track-volume': part.trackVolume,
    transposition: part.transposition,
    volume: part.volume,
  };
}

const sortedObject = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Writes the score as `alda parse -o data` prints it, in chunks, so that a score with
 * hundreds of thousands of notes never becomes one giant string.
 */
export function writeScoreData(state: ScoreState, write: (chunk: string) => void): void {
  const aliases = sortedObject([...state.aliases].map(([alias, parts]) => [alias, parts.map((part) => part.id)]));
  write(`{"aliases":${JSON.stringify(aliases)},"current-parts":${JSON.stringify(state.currentParts.map((part) => part.id))},"events":[`);
  const batch: string[] = [];
  const numbers = new NumberText();
  const last = state.events.length - 1;
  state.events.forEach((event, i) => {
    batch.push(noteEventJson(event, numbers));
    if (batch.length === 2000 || i === last) {
      write((i >= batch.length ? ',' : '') + batch.join(','));
      batch.length = 0;
    }
  });
  const globals = sortedObject(state.globals.entries().map(([offset, changes]) => [goFloat(offset), changes.map(attributeJson)]));
  const markers = sortedObject(state.markers);
  const parts = sortedObject(state.parts.map((part) => [part.id, partJson(part)]));
  const variables = sortedObject([...state.variables].map(([name, events]) => [name, events.map(updateJson)]));
  write(
    `],"global-attributes":${JSON.stringify(globals)},"markers":${JSON.stringify(markers)},` +
      `"parts":${JSON.stringify(parts)},"variables":${JSON.stringify(variables)}}\n`,
  );
}
