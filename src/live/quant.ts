/**
 * Where a change may take effect: at the end of a part's current loop, or on a grid of beats
 * shared by every part (`beat` = 1, `bar` = 4, `N` = N beats), counted from the transport's start.
 */
export type Quant = { readonly kind: 'loop' } | { readonly kind: 'beats'; readonly beats: number };

export const LOOP_QUANT: Quant = { kind: 'loop' };

/** `--quant beat|bar|loop|N` is none of those. */
export class QuantError extends Error {
  readonly code = 'ALDA_BAD_QUANT';
}

export function parseQuant(text: string): Quant {
  const word = text.trim();
  if (word === 'loop') return LOOP_QUANT;
  if (word === 'beat') return { kind: 'beats', beats: 1 };
  if (word === 'bar') return { kind: 'beats', beats: 4 };
  const beats = Number(word);
  if (word !== '' && Number.isFinite(beats) && beats > 0 && beats <= 1024) return { kind: 'beats', beats };
  throw new QuantError(`A quantum is beat, bar, loop or a number of beats (above 0, at most 1024), not "${text}"`);
}

export function describeQuant(quant: Quant): string {
  if (quant.kind === 'loop') return 'loop';
  return quant.beats === 1 ? 'beat' : quant.beats === 4 ? 'bar' : `${quant.beats} beats`;
}
