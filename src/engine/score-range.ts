import { compile } from './compile.js';
import type { ParseOptions } from './parser/parse.js';
import { checkStart, cutView, offsetOf, type PlayRange } from './play-range.js';
import type { ScoreView } from './score-view.js';

export interface RangedScore {
  /** The score cut to the range, its start moved to 0. */
  readonly view: ScoreView;
  /** Where the range ends (ms from its start): the end of the score, rests included, or `--to`. */
  readonly length: number;
}

/**
 * Evaluates a score and cuts it to `-F/--from` … `-T/--to`, refusing a marker the score does not
 * have and a start past its end (which would play nothing), with the error Alda's or ours.
 */
export function scoreInRange(text: string, name: string, range: PlayRange, limits: ParseOptions = {}): RangedScore {
  const { view, score } = compile(text, name, limits);
  const end = Math.max(0, ...score.state.parts.map((part) => part.currentOffset));
  checkStart(range, view.markers, end);
  const start = range.from === undefined ? 0 : offsetOf(range.from, view.markers);
  const stop = range.to === undefined ? end : Math.min(end, offsetOf(range.to, view.markers));
  return { view: cutView(view, range), length: Math.max(0, stop - start) };
}
