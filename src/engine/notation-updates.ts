import { evaluate, type Environment, type EvaluationMeter } from '../lisp/evaluate.js';
import type { Form, ListForm, Span } from '../lisp/form.js';
import type { Value } from '../lisp/value.js';
import type { AttributeChange } from './model/attribute.js';
import type { RepetitionRange, Update } from './model/update.js';
import { HEAD, KW, notationHead } from './parser/leaves.js';
import { eventOf, type DurationValue, type PitchValue } from './vocabulary/values.js';

/**
 * The notation's own event forms (`c8~`, `r`, `c/e/g`, `[…]`, `…*3`, `|`), as the parser
 * writes them (their head is the parser's shared symbol), straight to the score update
 * that evaluating them gives. A score is mostly these, and the evaluator's general work
 * per call (looking up the head, matching the arguments against each signature, wrapping
 * the result) was a third of compiling one. Pitches and durations, shared between equal
 * notes, come from the evaluator's memory of pure calls, or from the evaluator; anything
 * else (an S-expression, an attribute, a form of alda.lisp, an argument of another shape)
 * goes to the evaluator, so the meaning stays the evaluator's everywhere.
 *
 * Each form is one step of the budget, and each level of nesting one level of depth.
 */
export function notationUpdate(form: Form, env: Environment, meter: EvaluationMeter): Update | undefined {
  if (form.kind !== 'list') return undefined;
  const items = form.items;
  switch (items[0]) {
    case HEAD.note:
      return note(form, env, meter);
    case HEAD.pause:
      return pause(form, env, meter);
    case HEAD.barline:
      if (items.length !== 1) return undefined;
      meter.step(form.span);
      return { type: 'barline', span: form.span };
    case HEAD.chord:
    case HEAD.seq: {
      meter.step(form.span);
      const events = eventsOf(items, 1, env, meter, form.span);
      return items[0] === HEAD.chord ? { type: 'chord', events, span: form.span } : { type: 'sequence', events, span: form.span };
    }
    case HEAD.repeat:
      return repeat(form, env, meter);
    case HEAD.cram:
      return cram(form, env, meter);
    case HEAD.octave:
      return octave(form, meter);
    case HEAD.part:
      return partDeclaration(form, meter);
    case HEAD.marker:
    case HEAD['at-marker']:
    case HEAD['get-variable']:
      return named(form, meter);
    case HEAD['on-repetitions']:
      return onRepetitions(form, env, meter);
    default:
      return undefined;
  }
}

/** The steps the evaluator counts for a call whose arguments are all literals: the list, its head, each argument. */
function literalCall(form: ListForm, meter: EvaluationMeter): void {
  literalCallSteps(meter, form.span, form.items.length - 1);
}

export function literalCallSteps(meter: EvaluationMeter, span: Span | undefined, args: number): void {
  meter.step(span);
  meter.step(span);
  meter.enter(span);
  for (let i = 0; i < args; i++) meter.step(span);
  meter.leave();
}

export const OCTAVE_UP: AttributeChange = Object.freeze({ kind: 'octave-up' });
export const OCTAVE_DOWN: AttributeChange = Object.freeze({ kind: 'octave-down' });

/** `(octave 4)`, `(octave :up)`, `(octave :down)`, as the parser writes `o4`, `>`, `<`. */
function octave(form: ListForm, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const arg = items[1];
  if (items.length !== 2 || !arg) return undefined;
  let change: AttributeChange;
  if (arg === KW.up) change = OCTAVE_UP;
  else if (arg === KW.down) change = OCTAVE_DOWN;
  else if (arg.kind === 'number' && Number.isInteger(arg.value) && Math.abs(arg.value) <= INT32_MAX) change = { kind: 'octave-set', octave: arg.value };
  else return undefined;
  literalCall(form, meter);
  return { type: 'attribute', change, global: false, span };
}

/** `(part "violin" "viola" :as "strings")`, as the parser writes `violin/viola "strings":`. */
function partDeclaration(form: ListForm, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const names: string[] = [];
  let alias: string | null = null;
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    const next = items[i + 1];
    if (item === KW.as && i === items.length - 2 && next?.kind === 'string') {
      alias = next.value;
      break;
    }
    if (item.kind !== 'string') return undefined;
    names.push(item.value);
  }
  if (names.length === 0) return undefined;
  literalCall(form, meter);
  return { type: 'part', names, alias, span };
}

/** `(marker "name")`, `(at-marker "name")`, `(get-variable "name")`. */
function named(form: ListForm, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const name = items[1];
  if (items.length !== 2 || name?.kind !== 'string') return undefined;
  literalCall(form, meter);
  const head = items[0];
  if (head === HEAD.marker) return { type: 'marker', name: name.value, span };
  if (head === HEAD['at-marker']) return { type: 'at-marker', name: name.value, span };
  return { type: 'get-variable', name: name.value, span };
}

/**
 * `(cram EVENT… (duration …))`. A last item that is neither the parser's duration nor one
 * of its events might evaluate to a duration: the evaluator decides that case.
 */
function cram(form: ListForm, env: Environment, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const last = items[items.length - 1];
  if (items.length < 2 || !last) return undefined;
  const lastHead = notationHead(last);
  if (lastHead === undefined) return undefined;
  const timed = lastHead === 'duration';
  meter.step(span);
  meter.step(span);
  meter.enter(span);
  const events: Update[] = new Array<Update>(items.length - (timed ? 2 : 1));
  for (let i = 0; i < events.length; i++) events[i] = eventFrom(items[i + 1]!, env, meter, span);
  const length = timed ? pureValue(last, env, meter, span) : null;
  meter.leave();
  if (length && !isHost(length, 'duration')) return undefined;
  return { type: 'cram', events, duration: length ? (length as DurationValue).duration : null, span };
}

/** `(on-repetitions '((1 3) (5 5)) EVENT)`, as the parser writes `EVENT'1-3,5`. */
function onRepetitions(form: ListForm, env: Environment, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const quoted = items[1];
  if (items.length !== 3 || quoted?.kind !== 'quote' || quoted.form.kind !== 'list') return undefined;
  const ranges: RepetitionRange[] = [];
  for (const range of quoted.form.items) {
    if (range.kind !== 'list' || range.items.length !== 2) return undefined;
    const [first, last] = range.items;
    if (first?.kind !== 'number' || last?.kind !== 'number') return undefined;
    ranges.push({ first: first.value, last: last.value });
  }
  meter.step(span);
  meter.step(span);
  meter.enter(span);
  meter.step(span);
  const event = eventFrom(items[2]!, env, meter, span);
  meter.leave();
  return { type: 'on-repetitions', ranges, event, span };
}

function note(form: ListForm, env: Environment, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const slurred = items.length > 2 && items[items.length - 1] === KW.slur;
  const count = slurred ? items.length - 1 : items.length;
  if (count < 2 || count > 3) return undefined;
  const lengthAt = count === 3 ? 2 : -1;
  meter.step(span);
  meter.enter(span);
  const pitch = pureValue(items[1]!, env, meter, span);
  const duration = lengthAt > 0 ? pureValue(items[lengthAt]!, env, meter, span) : null;
  meter.leave();
  if (!isHost(pitch, 'pitch') || (duration && !isHost(duration, 'duration'))) return undefined;
  return {
    type: 'note',
    pitch: (pitch as PitchValue).pitch,
    duration: duration ? (duration as DurationValue).duration : null,
    slurred,
    span,
  };
}

function pause(form: ListForm, env: Environment, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  if (items.length > 2) return undefined;
  meter.step(span);
  if (items.length === 1) return { type: 'rest', duration: null, span };
  meter.enter(span);
  const duration = pureValue(items[1]!, env, meter, span);
  meter.leave();
  return isHost(duration, 'duration') ? { type: 'rest', duration: (duration as DurationValue).duration, span } : undefined;
}

function repeat(form: ListForm, env: Environment, meter: EvaluationMeter): Update | undefined {
  const { items, span } = form;
  const times = items[1];
  if (items.length !== 3 || times?.kind !== 'number' || !Number.isInteger(times.value) || times.value < 0) return undefined;
  meter.step(span);
  meter.enter(span);
  const event = eventFrom(items[2]!, env, meter, span);
  meter.leave();
  return { type: 'repeat', times: times.value, event, span };
}

function eventsOf(items: readonly Form[], from: number, env: Environment, meter: EvaluationMeter, span: Span | undefined): Update[] {
  const events: Update[] = new Array<Update>(items.length - from);
  meter.enter(span);
  for (let i = from; i < items.length; i++) events[i - from] = eventFrom(items[i]!, env, meter, span);
  meter.leave();
  return events;
}

/** An event inside another: what the builtins make of their arguments (see `eventOf`). */
function eventFrom(form: Form, env: Environment, meter: EvaluationMeter, outer: Span | undefined): Update {
  return notationUpdate(form, env, meter) ?? eventOf(evaluate(form, env, meter, outer));
}

/** A pitch or duration: shared by every note spelled the same, so mostly already known. */
export function pureValue(form: Form, env: Environment, meter: EvaluationMeter, outer: Span | undefined): Value {
  if (form.kind === 'list') {
    const known = env.memo.get(form.items);
    if (known) {
      meter.step(form.span ?? outer);
      return known;
    }
  }
  return evaluate(form, env, meter, outer);
}

const INT32_MAX = 2 ** 31 - 1;

const isHost = (value: Value, type: string): boolean => value.kind === 'host' && value.type === type;
