import type { Form } from '../../lisp/form.js';
import { CodedError, type WireError } from '../../protocol/coded-error.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { TimedBatch } from './timed-batch.js';

/** What a session hands its score: Alda text or forms, with the file name for error messages. */
export interface EvalInput {
  readonly code?: string | undefined;
  readonly forms?: readonly Form[] | undefined;
  readonly name?: string | undefined;
  /** `mm:ss` or a marker name (Alda's `-F/-T`): which part of the new events to play. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** The new events of one evaluation, already turned into MIDI messages in score time. */
export interface Evaluated {
  /** How many note events the evaluation added. */
  readonly events: number;
  readonly messages: TimedBatch;
  /** Score time the messages are to be played from (the `from` point, or the first new event). */
  readonly start: number;
  /** Score time of the last message (the end of the last note). */
  readonly end: number;
  /** The score's tempo at `start`, in bpm (a Link clock counts the score's beats in it). */
  readonly tempo?: number | undefined;
  /** The score's tempo map (ms, quarter notes per minute), for transformers that work in beats. */
  readonly tempoMap: readonly { readonly offset: number; readonly bpm: number }[];
}

/**
 * A session's score behind the one interface the session sees (evaluated in a score thread, so
 * that the server's event loop only routes messages: thread-score.ts; or in process):
 * incremental and all-or-nothing. `evaluate` takes the new events, or throws an `EvalFailure`
 * and leaves the score as it was; a session that then cannot play them (no performer) takes
 * them back with `revert`. `check` says what `evaluate` would fail with.
 */
export interface Evaluator {
  evaluate(input: EvalInput): Evaluated | Promise<Evaluated>;
  /** The diagnostics of evaluating `input` now (none when it would evaluate); the score is left as it was. */
  check(input: EvalInput): WireError[] | Promise<WireError[]>;
  /** Takes the last evaluation back (no performer could take it, or it refused its batch): the score is as it was before it. Only right after it. */
  revert(): void;
  /** How many events the score holds so far. */
  readonly size: number;
  /** The score is no longer wanted (its session ended, a reset replaced it): what holds it can let it go. */
  dispose?(): void;
}

/** A new score, for a session whose first evaluation (or reset) is `first`. */
export type EvaluatorFactory = (first?: EvalInput) => Evaluator;
/** A request a session could not carry out: a user's mistake (a score described as `FILE:LINE:COL message`, with its span). */
export class EvalFailure extends CodedError<ErrorCode | (string & {})> {}
