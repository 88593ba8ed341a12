import type { WireError } from '../../protocol/coded-error.js';
import type { EvalInput } from './evaluator.js';
import type { BatchColumns } from './timed-batch.js';

/** What the server asks of a score thread (score-thread.ts), for the score `score`. */
export type ScoreRequest =
  | { readonly op: 'evaluate' | 'check'; readonly score: number; readonly seq: number; readonly input: EvalInput }
  | { readonly op: 'revert' | 'drop'; readonly score: number; readonly seq: number }
  /** The evaluations a score took elsewhere, again, in order: it answers how many events they made. */
  | { readonly op: 'replay'; readonly score: number; readonly seq: number; readonly inputs: readonly EvalInput[] };

/** Its answer: a value, a user's mistake (an `EvalFailure` as on the wire), or a bug. */
export type ScoreReply =
  | { readonly seq: number; readonly value: unknown; readonly failure?: undefined; readonly crash?: undefined }
  | { readonly seq: number; readonly failure: WireError; readonly value?: undefined; readonly crash?: undefined }
  | { readonly seq: number; readonly crash: string; readonly value?: undefined; readonly failure?: undefined };

/** An evaluation as it comes back: its messages as columns, with each chunk's JSON text made already. */
export interface PackedEvaluated {
  readonly events: number;
  readonly start: number;
  readonly end: number;
  /** The score's tempo at `start` (bpm). */
  readonly tempo?: number | undefined;
  /** The score's tempo map, for transformers. */
  readonly tempoMap: readonly { readonly offset: number; readonly bpm: number }[];
  readonly messages: BatchColumns;
}
