import { AldaBudgetError } from './errors.js';
import type { Span } from './form.js';
import { limitOption } from './limit-option.js';

export interface BudgetOptions {
  /** Evaluation and application steps (forms evaluated, updates applied). */
  readonly steps?: number;
  /** Note events produced. */
  readonly events?: number;
  /** Nesting of calls, sequences, repeats and variable references. */
  readonly depth?: number;
  /** The count of one repeat (`X*N`, `(repeat N X)`). */
  readonly repeats?: number;
  /** Milliseconds of score time: no note or rest may end later (so no note, score or export lasts longer). */
  readonly time?: number;
}

/** 24 hours of score time: longer than any music, short enough that every time stays a finite number. */
const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_BUDGET: Required<BudgetOptions> = { steps: 20_000_000, events: 2_000_000, depth: 2_000, repeats: 1_000_000, time: DAY_MS };

/**
 * The longest score text the parser takes, in UTF-16 code units: a file, a REPL line or an
 * `eval`'s code. A score too long to parse in a few seconds is refused before it is scanned.
 */
export const DEFAULT_SCORE_LENGTH = 1_048_576;

/** Refuses a text longer than `maxLength`, at the first character past it. */
export function checkScoreLength(text: string, maxLength: number = DEFAULT_SCORE_LENGTH): void {
  const limit = limitOption('maxLength', maxLength, DEFAULT_SCORE_LENGTH);
  if (text.length > limit) {
    throw new AldaBudgetError('BUDGET_LENGTH', `The score is ${text.length} characters long, more than the ${limit} allowed`, { start: limit, end: text.length });
  }
}

/**
 * The limits of one evaluation, so that no score can hang the evaluator or exhaust
 * memory: each one, once passed, is a positioned AldaBudgetError.
 */
export class Budget {
  readonly limits: Required<BudgetOptions>;
  // Fields private to TypeScript, not `#private`: until V8 optimizes the code that runs per token or
  // note, a `#field` is read through a keyed lookup (≈30 instructions more each time, ≈4% of
  // compiling a 100 KB score, which is never optimized: see src/cli/compiler-tiering.ts).
  private taken = 0;
  private made = 0;
  private level = 0;

  constructor(options: BudgetOptions = {}) {
    this.limits = {
      steps: limitOption('steps', options.steps, DEFAULT_BUDGET.steps),
      events: limitOption('events', options.events, DEFAULT_BUDGET.events),
      depth: limitOption('depth', options.depth, DEFAULT_BUDGET.depth),
      repeats: limitOption('repeats', options.repeats, DEFAULT_BUDGET.repeats),
      time: limitOption('time', options.time, DEFAULT_BUDGET.time),
    };
  }

  get stepsTaken(): number {
    return this.taken;
  }

  get eventsMade(): number {
    return this.made;
  }

  get depth(): number {
    return this.level;
  }

  /** Back to `steps` taken at `depth`: counted work that is then done another way, and counted there. */
  rewind(steps: number, depth: number): void {
    this.taken = Math.min(this.taken, steps);
    this.level = Math.min(this.level, depth);
  }

  step(span: Span | undefined): void {
    if (++this.taken > this.limits.steps) {
      throw new AldaBudgetError('BUDGET_STEPS', `Evaluation took more than ${this.limits.steps} steps; is something repeated too many times?`, span);
    }
  }

  emit(count: number, span: Span | undefined): void {
    this.made += count;
    if (this.made > this.limits.events) {
      throw new AldaBudgetError('BUDGET_EVENTS', `Evaluation produced more than ${this.limits.events} notes`, span);
    }
  }

  /** Refuses at once work that is known in advance to exceed what is left of the budget. */
  foresee(events: number, steps: number, span: Span | undefined): void {
    if (this.made + events > this.limits.events) {
      throw new AldaBudgetError('BUDGET_EVENTS', `Evaluation would produce more than ${this.limits.events} notes`, span);
    }
    if (this.taken + steps > this.limits.steps) {
      throw new AldaBudgetError('BUDGET_STEPS', `Evaluation would take more than ${this.limits.steps} steps; is something repeated too many times?`, span);
    }
  }

  /** Refuses a repeat counted past the limit, however little it would repeat. */
  repeat(times: number, span: Span | undefined): void {
    if (times > this.limits.repeats) {
      throw new AldaBudgetError('BUDGET_REPEATS', `Cannot repeat ${times} times; at most ${this.limits.repeats}`, span);
    }
  }

  /**
   * Refuses a note or rest that would end at `end` ms of score time, past the time budget:
   * an absurd length (`c0.0000001`, a tempo near 0) or an infinite one (`c0.000…1` past what a
   * double holds), which Alda would turn into garbage or Infinity.
   */
  time(end: number, span: Span | undefined): void {
    if (end <= this.limits.time) return;
    throw new AldaBudgetError('BUDGET_TIME', `This would end at ${clockTime(end)} of score time, past the ${clockTime(this.limits.time)} a score may last`, span);
  }

  enter(span: Span | undefined): void {
    if (this.level >= this.limits.depth) {
      throw new AldaBudgetError('BUDGET_DEPTH', `Evaluation nested more than ${this.limits.depth} levels deep`, span);
    }
    this.level++;
  }

  leave(): void {
    if (this.level > 0) this.level--;
  }
}

/** `H:MM:SS` for a time a person can read, hours in powers of ten past that, `infinity` past any number. */
function clockTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'infinity';
  const seconds = Math.floor(ms / 1000);
  if (seconds >= 1e9) return `about ${(seconds / 3600).toExponential(1)} hours`;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}
