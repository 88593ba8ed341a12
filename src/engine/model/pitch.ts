import type { KeySignature } from './key-signature.js';

export type NoteLetter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
export type Accidental = 'sharp' | 'flat' | 'natural';

/**
 * What a note says about its pitch: a letter with accidentals (null when none were
 * written, so that the key signature decides), or an absolute MIDI note number.
 */
export type Pitch =
  | { readonly kind: 'letter'; readonly letter: NoteLetter; readonly accidentals: readonly Accidental[] | null }
  | { readonly kind: 'midi'; readonly midiNote: number };

const INTERVALS: Record<NoteLetter, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

export const isNoteLetter = (text: string): text is NoteLetter => text.length === 1 && text in INTERVALS;

export const isAccidental = (text: string): text is Accidental =>
  text === 'sharp' || text === 'flat' || text === 'natural';

export function midiNote(pitch: Pitch, octave: number, key: KeySignature, transposition: number): number {
  if (pitch.kind === 'midi') return pitch.midiNote + transposition;
  let note = (octave + 1) * 12 + INTERVALS[pitch.letter];
  const accidentals = pitch.accidentals ?? key.get(pitch.letter);
  if (accidentals) {
    for (let i = 0; i < accidentals.length; i++) {
      if (accidentals[i] === 'sharp') note++;
      else if (accidentals[i] === 'flat') note--;
    }
  }
  return note + transposition;
}

export function pitchJson(pitch: Pitch): unknown {
  if (pitch.kind === 'midi') return { 'midi-note': pitch.midiNote };
  return { letter: pitch.letter.toUpperCase(), accidentals: pitch.accidentals ?? [] };
}
