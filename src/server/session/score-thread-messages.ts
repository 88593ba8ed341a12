import type { WireError } from '../../protocol/coded-error.js';
import type { EvalInput } from './evaluator.js';

/** What the server asks of the score thread (score-thread.ts), for the score `score`. */
export type ScoreRequest =
  | { readonly op: 'prepare' | 'check'; readonly score: number; readonly seq: number; readonly input: EvalInput }
  | { readonly op: 'commit' | 'discard' | 'revert' | 'drop'; readonly score: number; readonly seq: number };

/** Its answer: a value, a user's mistake (an `EvalFailure` as on the wire), or a bug. */
export type ScoreReply =
  | { readonly seq: number; readonly value: unknown; readonly failure?: undefined; readonly crash?: undefined }
  | { readonly seq: number; readonly failure: WireError; readonly value?: undefined; readonly crash?: undefined }
  | { readonly seq: number; readonly crash: string; readonly value?: undefined; readonly failure?: undefined };

/** An evaluation's messages as columns: message i at `t[i]`, bytes packed in `d[i]` (length in the top byte), of part `parts[p[i]]`. */
export interface PackedEvaluated {
  readonly events: number;
  readonly start: number;
  readonly end: number;
  /** The score's tempo at `start` (bpm). */
  readonly tempo: number | undefined;
  /** The score's tempo map, for transformers. */
  readonly tempoMap: readonly { readonly offset: number; readonly bpm: number }[];
  readonly t: Float64Array;
  readonly d: Uint32Array;
  readonly p: Uint16Array;
  readonly parts: readonly string[];
}
