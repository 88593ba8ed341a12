import type { Form } from '../lisp/form.js';
import type { TimedMessage } from './protocol.js';

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
  readonly messages: TimedMessage[];
  /** Score time the messages are to be played from (the `from` point, or the first new event). */
  readonly start: number;
  /** Score time of the last message (the end of the last note). */
  readonly end: number;
}

/**
 * A session's score, as the server sees it: incremental and all-or-nothing. `evaluate` returns
 * only the new events, and on failure throws an `EvalFailure` and leaves the score as it was.
 */
export interface LiveScore {
  evaluate(input: EvalInput): Evaluated;
  /** Takes the last evaluation back (the performer refused its batch): the score is as it was before it. Only right after it. */
  revert(): void;
  /** How many events the score holds so far. */
  readonly size: number;
}

export type LiveScoreFactory = () => LiveScore;

/** The code did not evaluate: a user's mistake, described as `FILE:LINE:COL message`. */
export class EvalFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EvalFailure';
    this.code = code;
  }
}
