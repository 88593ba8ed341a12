import { midiMessageColumns } from '../../engine/midi-messages.js';
import { parseAlda } from '../../engine/parser/parse.js';
import { checkStart, cutView, OffsetReferenceError } from '../../engine/play-range.js';
import { Score, type Evaluation, type ScoreCheckpoint } from '../../engine/score.js';
import type { ScoreView } from '../../engine/score-view.js';
import type { BudgetOptions } from '../../lisp/budget.js';
import { AldaError } from '../../lisp/errors.js';
import type { Form } from '../../lisp/form.js';
import { SourceText } from '../../lisp/source.js';
import { wireError, type WireError } from '../../protocol/coded-error.js';
import { asErrorCode } from '../../protocol/error-codes.js';
import { sourceSpan } from './source-span.js';
import { EvalFailure, type EvalInput, type Evaluated, type Evaluator } from './evaluator.js';
import { PackedBatch } from './timed-batch.js';

/** An evaluation made but not yet taken by the score. */
export interface Prepared {
  /** How many note events it adds. */
  readonly events: number;
  /** The score takes the events; they come back as messages. May still fail (a bad `from`/`to`), leaving the score as it was. */
  commit(): Evaluated;
  /** The score stays as it was. */
  discard(): void;
}

/**
 * A session's score on the real engine: Alda text is parsed here, forms are evaluated
 * incrementally, and only the new events become MIDI messages.
 */
export class EngineScore implements Evaluator {
  readonly #score: Score;
  #size = 0;
  /** The score and its size before the last evaluation, for `revert`. */
  #before: { point: ScoreCheckpoint; size: number } | undefined;

  /** `budget`: what one evaluation may cost (the default is the engine's, for any score). */
  constructor(budget?: BudgetOptions) {
    this.#score = new Score(budget);
  }

  get size(): number {
    return this.#size;
  }

  evaluate(input: EvalInput): Evaluated {
    return this.prepare(input).commit();
  }

  /** Evaluates without changing the score: it takes the events on `commit`. */
  prepare(input: EvalInput): Prepared {
    const source = new SourceText(input.code ?? '', input.name);
    let forms: readonly Form[];
    try {
      forms = input.forms ?? parseAlda(input.code ?? '');
    } catch (error) {
      throw failure(error, source);
    }
    const batch = this.#score.batch();
    try {
      for (const form of forms) batch.add(form);
    } catch (error) {
      batch.close();
      throw failure(error, source);
    }
    return {
      events: batch.count,
      commit: () => {
        let played: ScoreView | undefined;
        let evaluation: Evaluation;
        const before = { point: this.#score.checkpoint(), size: this.#size };
        try {
          // The cut is made before the score takes the new events, so a bad `from`/`to` leaves it as it was.
          evaluation = batch.commit((added, view, end) => {
            const range = { from: input.from, to: input.to };
            checkStart(range, view.markers, end);
            played = cutView({ ...view, events: added }, range);
          });
        } catch (error) {
          throw failure(error, source);
        } finally {
          batch.close();
        }
        this.#before = before;
        return this.#taken(input, evaluation.count, played!);
      },
      discard: () => batch.close(),
    };
  }

  revert(): void {
    if (!this.#before) return;
    this.#score.restore(this.#before.point);
    this.#size = this.#before.size;
    this.#before = undefined;
  }

  check(input: EvalInput): WireError[] {
    try {
      this.prepare(input).discard();
      return [];
    } catch (error) {
      if (error instanceof EvalFailure) return [wireError(error)!];
      throw error;
    }
  }

  /** The score has taken `events` new events, of which `played` are to be played. */
  #taken(input: EvalInput, events: number, played: ScoreView): Evaluated {
    const first = this.#size === 0;
    this.#size += events;
    const messages = PackedBatch.of(midiMessageColumns(played));
    const ranged = input.from !== undefined || input.to !== undefined;
    // A score's first evaluation plays from time 0, keeping any opening rest; later ones play from their first note.
    // Not Math.min(...offsets): a big evaluation's hundreds of thousands of arguments overflow the stack.
    const start = first || ranged ? 0 : played.events.reduce((earliest, e) => Math.min(earliest, e.offset), Infinity);
    const from = Number.isFinite(start) ? start : 0;
    const tempo = [...played.tempoChanges].reverse().find((change) => change.offset <= from)?.bpm ?? 120;
    return { events, messages, start: from, end: messages.length === 0 ? start : messages.time(messages.length - 1), tempo, tempoMap: played.tempoChanges };
  }
}

/** A user's mistake as the session's failure; anything else is a bug, and goes on as it is. */
function failure(error: unknown, source: SourceText): unknown {
  if (error instanceof AldaError) return new EvalFailure(asErrorCode(error.code), error.describe(source), sourceSpan(source, error.span));
  if (error instanceof OffsetReferenceError) return new EvalFailure('ALDA_BAD_OFFSET_REFERENCE', error.message);
  return error;
}
