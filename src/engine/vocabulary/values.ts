import { AldaEvalError, type MessageIn } from '../../lisp/errors.js';
import { goFixed } from '../../lisp/go-fmt.js';
import type { Span } from '../../lisp/form.js';
import type { CallSite, HostValue, Value } from '../../lisp/value.js';
import type { Duration } from '../model/duration.js';
import type { Pitch } from '../model/pitch.js';
import type { Update } from '../model/update.js';

/** The host values of the alda.lisp vocabulary, as the evaluator sees them. */
export interface PitchValue extends HostValue {
  readonly type: 'pitch';
  readonly pitch: Pitch;
}

export interface DurationValue extends HostValue {
  readonly type: 'duration';
  readonly duration: Duration;
}

export interface UpdateValue extends HostValue {
  readonly type: 'score update';
  readonly update: Update;
}

export const pitchValue = (pitch: Pitch): PitchValue => ({ kind: 'host', type: 'pitch', pitch });
export const durationValue = (duration: Duration): DurationValue => ({ kind: 'host', type: 'duration', duration });
export const updateValue = (update: Update): UpdateValue => ({ kind: 'host', type: 'score update', update, span: update.span });

export const isUpdate = (value: Value): value is UpdateValue => value.kind === 'host' && value.type === 'score update';

export function numberArg(value: Value): number {
  if (value.kind !== 'number') throw new TypeError(`expected a number, got ${value.kind}`);
  return value.value;
}

export function stringArg(value: Value): string {
  if (value.kind !== 'string') throw new TypeError(`expected a string, got ${value.kind}`);
  return value.value;
}

/**
 * A value as an event of a container (a sequence, chord, cram, repeat, variable…): as in
 * Alda, where such a value becomes nil, an S-expression that yields no score update (e.g.
 * `(list (vol 50))`) is an event that does nothing.
 */
export const eventOf = (value: Value): Update =>
  isUpdate(value) ? value.update : { type: 'sequence', events: [], span: 'span' in value ? value.span : undefined };

export const eventsOf = (values: readonly Value[]): Update[] => values.map(eventOf);

export const spanOf = (value: Value, call: CallSite): Span | undefined =>
  ('span' in value ? value.span : undefined) ?? call.span;

/** A symbol's name; a keyword's in alda.lisp, while inline Lisp's `:x` is, as for Alda, the symbol `:x`. */
export function symbolName(value: Value): string | null {
  if (value.kind === 'symbol') return value.name;
  if (value.kind === 'keyword') return value.dialect === undefined ? value.name : `:${value.name}`;
  return null;
}

/** A user error about one argument, positioned at the argument where it has a position. */
export function argumentError(code: string, message: string | MessageIn, value: Value, call: CallSite): AldaEvalError {
  return new AldaEvalError(code, message, spanOf(value, call));
}

/** A user error about a call as a whole, positioned at the call (Alda's place for what a function rejects). */
export const callError = (code: string, message: string | MessageIn, call: CallSite): AldaEvalError =>
  new AldaEvalError(code, message, call.span);


/** Alda's checks on numeric attribute arguments. */
export function positiveNumber(value: Value, call: CallSite): number {
  const n = numberArg(value);
  if (n < 1) throw argumentError('ALDA_EXPECTED_POSITIVE', `expected positive number, got ${goFixed(n)}`, value, call);
  return n;
}

export function nonNegativePercentage(value: Value, call: CallSite): number {
  const n = numberArg(value);
  if (n < 0) throw argumentError('ALDA_EXPECTED_NON_NEGATIVE', `expected non-negative number, got ${goFixed(n)}`, value, call);
  return n / 100;
}

export function percentage(value: Value, call: CallSite): number {
  const n = numberArg(value);
  if (n < 0 || n > 100) throw argumentError('ALDA_EXPECTED_PERCENTAGE', `value not between 0 and 100: ${goFixed(n)}`, value, call);
  return n / 100;
}

export function integer(value: Value, call: CallSite): number {
  const n = numberArg(value);
  if (!Number.isInteger(n) || Math.abs(n) > 2 ** 31 - 1) {
    throw argumentError('ALDA_EXPECTED_INTEGER', `expected integer, got ${goFixed(n)}`, value, call);
  }
  return n;
}
