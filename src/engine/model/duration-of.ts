import { durationMs, type Duration } from './duration.js';
import type { ScoreState } from './score-state.js';
import { appliesTo, type Update } from './update.js';
import { unreachable } from './unreachable.js';

/** The little of a part's state that the length of its events depends on; a cram works on a copy. */
export interface DurationContext {
  duration: Duration;
  readonly tempo: number;
  currentRepetition: number;
}

/**
 * How long an event lasts for a part, without applying it: what a cram adds up to find
 * its time scale. It moves the part's default duration as notes would (on a copy).
 */
export function durationOf(state: ScoreState, event: Update, part: DurationContext): number {
  switch (event.type) {
    case 'note':
    case 'rest': {
      const ms = durationMs(event.duration ?? part.duration, part.tempo);
      if (event.duration) part.duration = event.duration;
      return ms;
    }
    case 'chord': {
      // Only the notes and rests count: an octave change between them takes no time.
      let shortest = Infinity;
      const members = event.events;
      for (let i = 0; i < members.length; i++) {
        const member = members[i]!;
        if (member.type === 'note' || member.type === 'rest') shortest = Math.min(shortest, durationOf(state, member, part));
      }
      return shortest;
    }
    case 'cram':
      return durationMs(event.duration ?? part.duration, part.tempo);
    case 'sequence':
      return totalOf(state, event.events, part);
    case 'repeat': {
      let total = 0;
      const before = part.currentRepetition;
      for (let repetition = 1; repetition <= event.times; repetition++) {
        part.currentRepetition = repetition;
        total += durationOf(state, event.event, part);
      }
      part.currentRepetition = before;
      return total;
    }
    case 'on-repetitions':
      return appliesTo(event.ranges, part.currentRepetition) ? durationOf(state, event.event, part) : 0;
    case 'get-variable': {
      const events = state.variables.get(event.name);
      return events ? totalOf(state, events, part) : 0;
    }
    case 'part':
    case 'voice':
    case 'end-voices':
    case 'marker':
    case 'at-marker':
    case 'set-variable':
    case 'barline':
    case 'attribute':
      return 0;
    default:
      return unreachable(event);
  }
}


/**
 * The events' lengths added up in order, as `reduce` would: a loop, as a closure in durationOf
 * would make each of its calls allocate a context.
 */
function totalOf(state: ScoreState, events: readonly Update[], part: DurationContext): number {
  let sum = 0;
  for (let i = 0; i < events.length; i++) sum += durationOf(state, events[i]!, part);
  return sum;
}
