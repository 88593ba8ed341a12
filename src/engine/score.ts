import { AldaError, AldaEvalError } from '../lisp/errors.js';
import { evaluate } from '../lisp/evaluate.js';
import type { Form, Span } from '../lisp/form.js';
import { Budget, type BudgetOptions } from '../lisp/budget.js';
import { applyUpdate } from './model/apply.js';
import type { Part } from './model/part.js';
import { ScoreState } from './model/score-state.js';
import type { NoteEvent } from './note-event.js';
import type { NoteColumns } from './note-columns.js';
import { viewOfNotes, type ScoreView } from './score-view.js';
import { tempoChanges } from './tempo-map.js';
import { ALDA_ENVIRONMENT } from './vocabulary/environment.js';
import { isUpdate } from './vocabulary/values.js';
import { notationUpdate } from './notation-updates.js';
import type { LispAt } from './parser/inner-event.js';
import type { TokenStream } from './parser/tokens.js';
import { PlainNotation } from './plain-notation.js';

/** `end`: where the score ends (ms), its last part's rests included. */
export type Accept = (events: readonly NoteEvent[], view: ScoreView, end: number) => void;

export interface Evaluation {
  /** Only the note events this batch added, in the order they were produced. */
  readonly events: readonly NoteEvent[];
  /** How many events the batch added (without making them into objects). */
  readonly count: number;
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
  #batchOpen = false;
  readonly #budget: BudgetOptions;

  constructor(budget: BudgetOptions = {}) {
    this.#budget = budget;
  }

  /**
   * `accept`, when given, sees what the batch would add (its new events, and a view of the new
   * state whose events are those new ones: looking costs what the batch cost, not the whole
   * score) and may throw to refuse it: then the score is left as it was, as for any error.
   */
  evaluate(forms: readonly Form[], accept?: Accept): Evaluation {
    const batch = this.batch();
    try {
      for (const form of forms) batch.add(form);
      return batch.commit(accept);
    } finally {
      batch.close();
    }
  }

  /**
   * A batch of forms applied one by one as they come (a big score can be evaluated while
   * it is read), then committed all at once, or closed unused: the score only changes on
   * commit. One batch at a time.
   */
  batch(): ScoreBatch {
    if (this.#batchOpen) throw new TypeError('A batch is already open on this score');
    this.#batchOpen = true;
    return new ScoreBatch(this.#state.draft(), new Budget(this.#budget), (draft) => {
      if (draft) {
        this.#state = draft;
        this.#view = undefined;
      }
      this.#batchOpen = false;
    });
  }

  get state(): ScoreState {
    return this.#state;
  }

  /** Where the score is now: `restore` comes back to it. */
  checkpoint(): ScoreCheckpoint {
    return { state: this.#state, events: this.#state.events.length };
  }

  /**
   * Takes back every evaluation since `point` (a batch that a later stage refused, such as the
   * performer): the states before a commit are never changed, only the shared event log grows.
   */
  restore(point: ScoreCheckpoint): void {
    if (this.#batchOpen) throw new TypeError('A batch is open on this score');
    point.state.events.truncate(point.events);
    this.#state = point.state;
    this.#view = undefined;
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
    this.#view ??= viewOf(this.#state, this.#state.events.columns());
    return this.#view;
  }
}

function viewOf(state: ScoreState, notes: NoteColumns): ScoreView {
  return viewOfNotes(notes, {
    parts: state.parts.map((part) => {
      const alias = ownAlias(state, part);
      return { id: part.id, name: part.name, ...(alias === undefined ? {} : { alias }), instrument: part.instrument.name, program: part.instrument.program };
    }),
    tempoChanges: tempoChanges(state),
    markers: state.markers,
  });
}

/** The alias naming `part` alone with the fewest dots (`main` before `main.cello`), first declared first. */
function ownAlias(state: ScoreState, part: Part): string | undefined {
  let best: string | undefined;
  const dots = (alias: string) => alias.split('.').length;
  for (const [alias, parts] of state.aliases) {
    if (parts.length === 1 && parts[0] === part && (best === undefined || dots(alias) < dots(best))) best = alias;
  }
  return best;
}

/** A score as it was: see Score.checkpoint. */
export interface ScoreCheckpoint {
  readonly state: ScoreState;
  readonly events: number;
}

/**
 * What a committed batch added. A class, not an object literal with a getter: with such a literal
 * (its accessor a closure of its own each time) V8's minor GCs kept the batch, its draft with it,
 * alive into the old generation (see LazyEvents in score-view.ts).
 */
class Committed implements Evaluation {
  readonly count: number;
  readonly warnings: readonly string[];
  readonly #view: () => ScoreView;

  constructor(view: () => ScoreView, count: number, warnings: readonly string[]) {
    this.#view = view;
    this.count = count;
    this.warnings = warnings;
  }

  get events(): readonly NoteEvent[] {
    return this.#view().events;
  }
}

/** See Score.batch. */
export class ScoreBatch {
  // TypeScript-private fields and methods, not `#private` ones: until V8 optimizes the code that
  // runs per event (addPlain), a `#` member is reached through a keyed lookup (see src/lisp/budget.ts).
  private readonly draft: ScoreState;
  private readonly mark: number;
  private readonly meter: Budget;
  private readonly warnings: string[] = [];
  private readonly finish: (draft: ScoreState | null) => void;
  private status: 'open' | 'failed' | 'done' = 'open';
  private plain: PlainNotation | undefined;

  constructor(draft: ScoreState, meter: Budget, finish: (draft: ScoreState | null) => void) {
    this.draft = draft;
    this.mark = draft.events.length;
    this.meter = meter;
    this.finish = finish;
  }

  /** Note events the forms added so far, before any commit. */
  get count(): number {
    return this.draft.events.length - this.mark;
  }

  /** Evaluates and applies one form; after an error the batch can only be closed. */
  add(form: Form): void {
    if (this.status !== 'open') throw new TypeError(`A ${this.status} batch takes no more forms`);
    try {
      const notation = notationUpdate(form, ALDA_ENVIRONMENT, this.meter);
      if (notation) {
        applyUpdate(this.draft, notation, this.meter);
        return;
      }
      const value = evaluate(form, ALDA_ENVIRONMENT, this.meter);
      if (isUpdate(value)) applyUpdate(this.draft, value.update, this.meter);
      else this.warnings.push(`A form evaluated to a ${value.kind === 'host' ? value.type : value.kind}, not a score update; ignored`);
    } catch (error) {
      this.status = 'failed';
      throw asAldaError(error, form.span);
    }
  }

  /**
   * Compiles and applies the plain event (note, rest, octave change, barline) at token `i`
   * straight from the tokens, as `add` would its form (see PlainNotation): returns the token
   * after it, or -1 when it is not one, left to the grammar and `add`.
   */
  addPlain(tokens: TokenStream, i: number, lispAt: LispAt): number {
    if (this.status !== 'open') throw new TypeError(`A ${this.status} batch takes no more events`);
    this.plain ??= new PlainNotation(ALDA_ENVIRONMENT, this.meter);
    let span: Span | undefined;
    try {
      const update = this.plain.updateAt(tokens, i, lispAt);
      if (!update) return -1;
      span = update.span;
      applyUpdate(this.draft, update, this.meter);
    } catch (error) {
      this.status = 'failed';
      throw asAldaError(error, span);
    }
    return this.plain.end;
  }

  commit(accept?: Accept): Evaluation {
    if (this.status !== 'open') throw new TypeError(`A ${this.status} batch cannot be committed`);
    const log = this.draft.events;
    const [start, end] = [this.mark, log.length];
    // Made only when asked for: a whole score read by the CLI never needs them as objects.
    let added: ScoreView | undefined;
    const addedView = () => (added ??= viewOf(this.draft, log.columns(start, end)));
    try {
      if (accept) accept(addedView().events, addedView(), Math.max(0, ...this.draft.parts.map((part) => part.currentOffset)));
    } catch (error) {
      this.status = 'failed';
      throw error;
    }
    this.status = 'done';
    this.finish(this.draft);
    return new Committed(addedView, end - start, this.warnings);
  }

  /** Ends the batch; if it was not committed, the score is left exactly as it was. Idempotent. */
  close(): void {
    if (this.status === 'done') return;
    this.draft.events.truncate(this.mark);
    this.status = 'done';
    this.finish(null);
  }
}

/** JavaScript's own stack limit is one more budget: report it like the others. */
function asAldaError(error: unknown, span: Span | undefined): unknown {
  if (error instanceof AldaError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new AldaEvalError('BUDGET_DEPTH', 'The score is nested too deeply to evaluate', span);
  }
  return error;
}
