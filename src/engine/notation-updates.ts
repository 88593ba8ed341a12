import { evaluate, type Environment, type EvaluationMeter } from '../lisp/evaluate.js';
import type { Form, ListForm, Span } from '../lisp/form.js';
import type { Value } from '../lisp/value.js';
import type { Update } from './model/update.js';
import { HEAD, KW } from './parser/leaves.js';
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
    default:
      return undefined;
  }
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
function pureValue(form: Form, env: Environment, meter: EvaluationMeter, outer: Span | undefined): Value {
  if (form.kind === 'list') {
    const known = env.memo.get(form.items);
    if (known) {
      meter.step(form.span ?? outer);
      return known;
    }
  }
  return evaluate(form, env, meter, outer);
}

const isHost = (value: Value, type: string): boolean => value.kind === 'host' && value.type === type;
