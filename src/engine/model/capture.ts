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
    case 'chord':
    case 'cram':
    case 'sequence':
    case 'set-variable':
      return { ...event, events: event.events.map((member) => capture(state, member, at)) };
    case 'repeat':
    case 'on-repetitions':
      return { ...event, event: capture(state, event.event, at) };
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

