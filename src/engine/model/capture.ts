import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import type { ScoreState } from './score-state.js';
import type { Update } from './update.js';
import { unreachable } from './unreachable.js';

/**
 * The value a variable keeps of an event: references to other variables are expanded now.
 * A failure is reported at the definition (`at`, its `=`), as Alda does.
 */
export function capture(state: ScoreState, event: Update, at: Span | undefined): Update {
  switch (event.type) {
    case 'get-variable':
      return { type: 'sequence', events: state.variable(event.name, at), span: event.span };
    // Written out as their makers write them, not spread (`{ ...event }`): a spread object has a
    // shape of its own, which sent applyUpdate and its callers, optimized for the makers' shapes,
    // back to the interpreter at the first variable used, to be compiled again.
    case 'chord':
      return { type: 'chord', events: captureAll(state, event.events, at), span: event.span };
    case 'sequence':
      return { type: 'sequence', events: captureAll(state, event.events, at), span: event.span };
    case 'cram':
      return { type: 'cram', events: captureAll(state, event.events, at), duration: event.duration, span: event.span };
    case 'set-variable':
      return { type: 'set-variable', name: event.name, events: captureAll(state, event.events, at), span: event.span };
    case 'repeat':
      return { type: 'repeat', times: event.times, event: capture(state, event.event, at), span: event.span };
    case 'on-repetitions':
      return { type: 'on-repetitions', ranges: event.ranges, event: capture(state, event.event, at), span: event.span };
    case 'part':
      throw new AldaEvalError('ALDA_PART_IN_VARIABLE', 'a part declaration cannot be part of a variable definition', at);
    case 'note':
    case 'rest':
    case 'voice':
    case 'end-voices':
    case 'marker':
    case 'at-marker':
    case 'barline':
    case 'attribute':
      return event;
    default:
      return unreachable(event);
  }
}

const captureAll = (state: ScoreState, events: readonly Update[], at: Span | undefined): Update[] =>
  events.map((member) => capture(state, member, at));
