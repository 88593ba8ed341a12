import { INSTRUMENTS, type Instrument } from '../engine/instruments.js';
import { DYNAMICS } from '../engine/model/attribute.js';
import { ATTRIBUTE_BUILTINS } from '../engine/vocabulary/attributes.js';

/**
 * What the REPL's Tab and an editor's completion and hover know of the language: the stock
 * instruments and the attributes, with a line on what each does. The names come from the engine,
 * so a word offered here is one the engine takes.
 */

/** Every stock instrument name and alias. */
export const INSTRUMENT_WORDS: readonly string[] = INSTRUMENTS.flatMap((instrument) => [instrument.name, ...instrument.aliases]);

/** Every attribute setter, each with its global `!` form. */
export const ATTRIBUTE_WORDS: readonly string[] = ATTRIBUTE_BUILTINS.map((builtin) => builtin.name);

/** What an attribute sets, by each of its names (without `!`). */
const ATTRIBUTE_DOCS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['tempo'], '`(tempo BPM)` or `(tempo NOTE-LENGTH BPM)`: beats per minute, of a quarter note unless a length is given'],
  [['metric-modulation'], '`(metric-modulation OLD NEW)`: a new tempo at which the NEW note length lasts as the OLD did'],
  [['octave'], '`(octave N)`, `(octave :up)`, `(octave :down)`: the octave of the notes that follow (`o4`, `>`, `<`)'],
  [['volume', 'vol'], '`(volume 0–100)`: how loud each note is'],
  [['track-volume', 'track-vol'], '`(track-volume 0–100)`: the MIDI channel volume of the part'],
  [['panning', 'pan'], '`(panning 0–100)`: 0 is hard left, 50 the centre, 100 hard right'],
  [['quantization', 'quantize', 'quant'], '`(quantization PERCENT)`: how much of its length a note sounds (90 by default; over 100 overlaps the next)'],
  [['set-duration', 'set-note-length', 'set-duration-ms'], 'the default length of the notes that follow'],
  [['key-signature', 'key-sig'], '`(key-signature "f+ c+")` or `(key-sig \'(a major))`: the sharps and flats notes take by default'],
  [['transposition', 'transpose'], '`(transpose SEMITONES)`: shifts the notes that follow'],
  [['reference-pitch', 'tuning-constant'], '`(reference-pitch HZ)`: the frequency of A4 (440 by default)'],
  [['midi-channel'], '`(midi-channel 0–15)`: the MIDI channel of the part'],
];

/** A markdown line on `word` (an instrument or an attribute), or undefined when it is neither. */
export function describeWord(word: string): string | undefined {
  const instrument = INSTRUMENTS.find((candidate) => candidate.name === word || candidate.aliases.includes(word));
  if (instrument) return describeInstrument(instrument);
  const global = word.endsWith('!');
  const name = global ? word.slice(0, -1) : word;
  if (!ATTRIBUTE_WORDS.includes(word)) return undefined;
  const doc = ATTRIBUTE_DOCS.find(([names]) => names.includes(name));
  const dynamic = DYNAMICS[name];
  const what = doc ? doc[1] : dynamic !== undefined ? `the dynamic marking ${name}: volume ${Math.round(dynamic * 100)}` : 'an attribute';
  const others = doc ? doc[0].filter((other) => other !== name) : [];
  return `**${word}**: ${what}${global ? ', for every part (global)' : ''}${others.length > 0 ? `. Also written ${others.join(', ')}` : ''}`;
}

function describeInstrument(instrument: Instrument): string {
  const sound = instrument.program === null ? 'percussion (MIDI channel 10)' : `General MIDI program ${instrument.program + 1}`;
  const aliases = instrument.aliases.length > 0 ? `; also called ${instrument.aliases.join(', ')}` : '';
  return `**${instrument.name}**: instrument, ${sound}${aliases}`;
}
