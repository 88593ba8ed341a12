import { AldaError, AldaEvalError } from '../lisp/errors.js';
import { evaluate } from '../lisp/evaluate.js';
import type { Form } from '../lisp/form.js';
import { Budget, type BudgetOptions } from '../lisp/budget.js';
import { applyUpdate } from './model/apply.js';
import { ScoreState } from './model/score-state.js';
import type { NoteEvent } from './note-event.js';
import type { ScoreView } from './score-view.js';
import { tempoChanges } from './tempo-map.js';
import { ALDA_ENVIRONMENT } from './vocabulary/environment.js';
import { isUpdate } from './vocabulary/values.js';

export interface Evaluation {
  /** Only the note events this batch added, in the order they were produced. */
  readonly events: readonly NoteEvent[];
  /** Forms that evaluated to something other than a score update (ignored, as in Alda). */
  readonly warnings: readonly string[];
}

/**
 * A score that grows as forms are evaluated against it. Each `evaluate` is incremental
 * (it costs what the new forms cost) and all-or-nothing (if any form fails, the score
 * is left exactly as it was and the error is thrown).
 */
export class Score {
  #state = new ScoreState();
  #view: ScoreView | undefined;
  readonly #budget: BudgetOptions;

  constructor(budget: BudgetOptions = {}) {
    this.#budget = budget;
  }

  /**
   * `accept`, when given, sees what the batch would add (its new events, and a view of the new
   * state whose events are those new ones: looking costs what the batch cost, not the whole
   * score) and may throw to refuse it: then the score is left as it was, as for any error.
   */
  evaluate(forms: readonly Form[], accept?: (events: readonly NoteEvent[], view: ScoreView) => void): Evaluation {
    const draft = this.#state.draft();
    const mark = draft.events.length;
    const meter = new Budget(this.#budget);
    const warnings: string[] = [];
    let added: readonly NoteEvent[];
    try {
      for (const form of forms) {
        const value = evaluate(form, ALDA_ENVIRONMENT, meter);
        if (isUpdate(value)) applyUpdate(draft, value.update, meter);
        else warnings.push(`A form evaluated to a ${value.kind === 'host' ? value.type : value.kind}, not a score update; ignored`);
      }
      added = draft.events.slice(mark);
      accept?.(added, viewOf(draft, added));
    } catch (error) {
      draft.events.truncate(mark);
      throw asAldaError(error, forms);
    }
    this.#state = draft;
    this.#view = undefined;
    return { events: added, warnings };
  }

  get state(): ScoreState {
    return this.#state;
  }

  /**
   * Where each part has got to (ms): for a part in an open voice group, its furthest voice.
   * A live player places the next line's notes of a part after this.
   */
  partOffsets(): Map<string, number> {
    const offsets = new Map<string, number>();
    for (const part of this.#state.parts) {
      let offset = part.currentOffset;
      for (const voice of part.voiceGroup?.voices.values() ?? []) offset = Math.max(offset, voice.currentOffset);
      offsets.set(part.id, offset);
    }
    return offsets;
  }

  /** What players and exporters read; made once per change of the score. */
  view(): ScoreView {
    this.#view ??= viewOf(this.#state, this.#state.events.slice());
    return this.#view;
  }
}

function viewOf(state: ScoreState, events: readonly NoteEvent[]): ScoreView {
  return {
    events,
    parts: state.parts.map((part) => ({ id: part.id, name: part.name, instrument: part.instrument.name, program: part.instrument.program })),
    tempoChanges: tempoChanges(state),
    markers: state.markers,
  };
}

/** JavaScript's own stack limit is one more budget: report it like the others. */
function asAldaError(error: unknown, forms: readonly Form[]): unknown {
  if (error instanceof AldaError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new AldaEvalError('BUDGET_DEPTH', 'The score is nested too deeply to evaluate', forms[0]?.span);
  }
  return error;
}
