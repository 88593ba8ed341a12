import type { Duration } from './duration.js';
import type { KeySignature } from './key-signature.js';

/**
 * A change to one attribute of a part. `kind` doubles as Alda's notion of the change's
 * type: a local change of the same kind at a note boundary wins over a global one.
 */
export type AttributeChange =
  | { readonly kind: 'tempo'; readonly bpm: number }
  | { readonly kind: 'metric-modulation'; readonly ratio: number }
  | { readonly kind: 'octave-set'; readonly octave: number }
  | { readonly kind: 'octave-up' }
  | { readonly kind: 'octave-down' }
  | { readonly kind: 'volume'; readonly volume: number }
  | { readonly kind: 'dynamic'; readonly marking: string; readonly volume: number }
  | { readonly kind: 'track-volume'; readonly trackVolume: number }
  | { readonly kind: 'panning'; readonly panning: number }
  | { readonly kind: 'quantization'; readonly quantization: number }
  | { readonly kind: 'duration'; readonly duration: Duration }
  | { readonly kind: 'key-signature'; readonly key: KeySignature }
  | { readonly kind: 'transposition'; readonly semitones: number }
  | { readonly kind: 'reference-pitch'; readonly frequency: number }
  | { readonly kind: 'midi-channel'; readonly channel: number };

/** Alda's volumes for the dynamic markings (velocity = round(volume × 127)). */
export const DYNAMICS: Readonly<Record<string, number>> = {
  pppppp: 0.00787,
  ppppp: 0.08419,
  pppp: 0.16051,
  ppp: 0.23683,
  pp: 0.31314,
  p: 0.38946,
  mp: 0.46578,
  mf: 0.5421,
  f: 0.61841,
  ff: 0.69473,
  fff: 0.77105,
  ffff: 0.84737,
  fffff: 0.92368,
  ffffff: 1.0,
};
