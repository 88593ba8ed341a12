import { AldaEvalError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';

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

/** Throws at the first symbol that inline Lisp would evaluate and cannot resolve. Quoted data is not evaluated. */
export function checkInlineLisp(form: Form): void {
  const pending: Form[] = [form];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.kind === 'list') for (let i = next.items.length - 1; i >= 0; i--) pending.push(next.items[i]!);
    else if (next.kind === 'symbol' && !INLINE_LISP_NAMES.has(next.name)) {
      throw new AldaEvalError('LISP_UNRESOLVABLE_SYMBOL', `unresolvable symbol: ${next.name}`, next.span ?? form.span);
    } else if (next.kind === 'keyword') {
      throw new AldaEvalError('LISP_UNRESOLVABLE_SYMBOL', `unresolvable symbol: :${next.name}`, next.span ?? form.span);
    }
  }
}
