
/** The dialect of S-expressions written inside Alda notation. */
export const ALDA2_DIALECT = 'alda2';

/**
 * The names an S-expression written inside Alda notation may use: Alda 2's inline Lisp.
 * Our alda.lisp vocabulary is larger (`chord`, `cram`, `repeat`… are what the notation
 * itself becomes), but a score that calls them inline is rejected, as Alda rejects it.
 */
const ATTRIBUTES = [
  'tempo', 'metric-modulation', 'octave', 'volume', 'vol', 'track-volume', 'track-vol', 'panning', 'pan',
  'quantization', 'quantize', 'quant', 'key-signature', 'key-sig', 'transposition', 'transpose',
  'reference-pitch', 'tuning-constant', 'set-duration', 'set-duration-ms', 'set-note-length', 'midi-channel',
  'pppppp', 'ppppp', 'pppp', 'ppp', 'pp', 'p', 'mp', 'mf', 'f', 'ff', 'fff', 'ffff', 'fffff', 'ffffff',
];

export const INLINE_LISP_NAMES: ReadonlySet<string> = new Set([
  ...ATTRIBUTES,
  ...ATTRIBUTES.map((name) => `${name}!`),
  'note', 'pitch', 'midi-note', 'note-length', 'ms', 'duration', 'pause', 'slur', 'part', 'list', 'quote',
]);
