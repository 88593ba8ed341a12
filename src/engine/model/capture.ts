import { AldaEvalError } from '../../lisp/errors.js';
import type { ScoreState } from './score-state.js';
import type { Update } from './update.js';
import { unreachable } from './unreachable.js';

/** The value a variable keeps of an event: references to other variables are expanded now. */
export function capture(state: ScoreState, event: Update): Update {
  switch (event.type) {
    case 'get-variable':
      return { type: 'sequence', events: state.variable(event.name, event.span), span: event.span };
    case 'chord':
    case 'cram':
    case 'sequence':
    case 'set-variable':
      return { ...event, events: event.events.map((member) => capture(state, member)) };
    case 'repeat':
    case 'on-repetitions':
      return { ...event, event: capture(state, event.event) };
    case 'part':
      throw new AldaEvalError('ALDA_PART_IN_VARIABLE', 'a part declaration cannot be part of a variable definition', event.span);
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

