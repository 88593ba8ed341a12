import type { Accidental, NoteLetter } from './pitch.js';

/** Letter → the accidentals a note of that letter takes when it has none of its own. */
export type KeySignature = ReadonlyMap<NoteLetter, readonly Accidental[]>;

export const C_MAJOR: KeySignature = new Map();

export type Mode = 'ionian' | 'dorian' | 'phrygian' | 'lydian' | 'mixolydian' | 'aeolian' | 'locrian';

export const MODES: Readonly<Record<string, Mode>> = {
  major: 'ionian',
  ionian: 'ionian',
  dorian: 'dorian',
  phrygian: 'phrygian',
  lydian: 'lydian',
  mixolydian: 'mixolydian',
  minor: 'aeolian',
  aeolian: 'aeolian',
  locrian: 'locrian',
};

const SHARPS_ORDER: readonly NoteLetter[] = ['f', 'c', 'g', 'd', 'a', 'e', 'b'];
const FLATS_ORDER: readonly NoteLetter[] = ['b', 'e', 'a', 'd', 'g', 'c', 'f'];
const ALL_LETTERS: readonly NoteLetter[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** Where each mode's tonic F sits on the circle of fifths (negative: flats). */
const MODE_START: Record<Mode, number> = {
  ionian: -1,
  dorian: -3,
  phrygian: -5,
  lydian: 0,
  mixolydian: -2,
  aeolian: -4,
  locrian: -6,
};

export function fromCircleOfFifths(fifths: number): KeySignature {
  const key = new Map<NoteLetter, Accidental[]>();
  if (fifths === 0) return key;
  const order = fifths > 0 ? SHARPS_ORDER : FLATS_ORDER;
  const accidental: Accidental = fifths > 0 ? 'sharp' : 'flat';
  for (let i = 0; i < Math.abs(fifths); i++) {
    const letter = order[i % order.length]!;
    const list = key.get(letter) ?? [];
    list.push(accidental);
    key.set(letter, list);
  }
  return key;
}

/** Move every letter of a key one semitone toward `toward` (Alda's sharpen/flatten). */
function shift(key: KeySignature, toward: Accidental, away: Accidental): KeySignature {
  const result = new Map<NoteLetter, Accidental[]>();
  for (const letter of ALL_LETTERS) {
    const accidentals = key.get(letter);
    if (!accidentals) {
      result.set(letter, [toward]);
      continue;
    }
    if (accidentals.length === 1 && accidentals[0] === away) continue;
    const kept: Accidental[] = [];
    let removed = false;
    for (const accidental of accidentals) {
      if (accidental === toward || removed) kept.push(accidental);
      else removed = true;
    }
    if (!removed) kept.push(toward);
    result.set(letter, kept);
  }
  return result;
}

export function fromScale(tonic: NoteLetter, accidentals: readonly Accidental[], mode: Mode): KeySignature {
  const position = MODE_START[mode] + SHARPS_ORDER.indexOf(tonic);
  let key = fromCircleOfFifths(position);
  for (const accidental of accidentals) {
    if (accidental === 'flat') key = shift(key, 'flat', 'sharp');
    else if (accidental === 'sharp') key = shift(key, 'sharp', 'flat');
  }
  return key;
}

export function keySignatureJson(key: KeySignature): unknown {
  const json: Record<string, string[]> = {};
  for (const [letter, accidentals] of key) json[letter.toUpperCase()] = [...accidentals];
  return json;
}
