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
}

export const DEFAULT_BUDGET: Required<BudgetOptions> = { steps: 20_000_000, events: 2_000_000, depth: 2_000 };

/**
 * The limits of one evaluation, so that no score can hang the evaluator or exhaust
 * memory: each one, once passed, is a positioned AldaBudgetError.
 */
export class Budget {
  readonly limits: Required<BudgetOptions>;
  #steps = 0;
  #events = 0;
  #depth = 0;

  constructor(options: BudgetOptions = {}) {
    this.limits = {
      steps: limitOption('steps', options.steps, DEFAULT_BUDGET.steps),
      events: limitOption('events', options.events, DEFAULT_BUDGET.events),
      depth: limitOption('depth', options.depth, DEFAULT_BUDGET.depth),
    };
  }

  get stepsTaken(): number {
    return this.#steps;
  }

  get eventsMade(): number {
    return this.#events;
  }

  step(span: Span | undefined): void {
    if (++this.#steps > this.limits.steps) {
      throw new AldaBudgetError('BUDGET_STEPS', `Evaluation took more than ${this.limits.steps} steps; is something repeated too many times?`, span);
    }
  }

  emit(count: number, span: Span | undefined): void {
    this.#events += count;
    if (this.#events > this.limits.events) {
      throw new AldaBudgetError('BUDGET_EVENTS', `Evaluation produced more than ${this.limits.events} notes`, span);
    }
  }

  /** Refuses at once work that is known in advance to exceed what is left of the budget. */
  foresee(events: number, steps: number, span: Span | undefined): void {
    if (this.#events + events > this.limits.events) {
      throw new AldaBudgetError('BUDGET_EVENTS', `Evaluation would produce more than ${this.limits.events} notes`, span);
    }
    if (this.#steps + steps > this.limits.steps) {
      throw new AldaBudgetError('BUDGET_STEPS', `Evaluation would take more than ${this.limits.steps} steps; is something repeated too many times?`, span);
    }
  }

  enter(span: Span | undefined): void {
    if (this.#depth >= this.limits.depth) {
      throw new AldaBudgetError('BUDGET_DEPTH', `Evaluation nested more than ${this.limits.depth} levels deep`, span);
    }
    this.#depth++;
  }

  leave(): void {
    if (this.#depth > 0) this.#depth--;
  }
}
