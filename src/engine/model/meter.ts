import type { Span } from '../../lisp/form.js';
import type { EvaluationMeter } from '../../lisp/evaluate.js';

/** What applying updates reports to the evaluation budget: work done and notes made. */
export interface ScoreMeter extends EvaluationMeter {
  emit(count: number, span: Span | undefined): void;
  /** Refuses, before any of it is done, work that would take the evaluation past its budget. */
  foresee(notes: number, steps: number, span: Span | undefined): void;
  /** Refuses a repeat whose count passes the budget's. */
  repeat(times: number, span: Span | undefined): void;
  /** Refuses a note or rest ending past the score time the budget allows (NaN included). */
  time(end: number, span: Span | undefined): void;
}
