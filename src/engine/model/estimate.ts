import type { ScoreState } from './score-state.js';
import type { Update } from './update.js';
import { unreachable } from './unreachable.js';

/** An upper bound of what applying an update will cost: notes it makes per part, and steps. */
export interface Work {
  readonly notes: number;
  readonly steps: number;
}

const NOTHING: Work = { notes: 0, steps: 1 };
const ONE_NOTE: Work = { notes: 1, steps: 1 };

/**
 * Estimates an update's work before it is done, so that `c*100000000` or a variable that
 * has doubled itself sixty times is refused at once rather than after seconds of work.
 * Shared structure (a variable captured into another) is counted once per sharing, not
 * walked again, so the estimate itself stays cheap.
 */
export function estimateWork(state: ScoreState, update: Update, memo = new Map<object, Work>()): Work {
  // A note's or rest's estimate costs less than remembering it: most updates are those.
  if (update.type === 'note') return ONE_NOTE;
  if (update.type === 'rest') return NOTHING;
  const known = memo.get(update);
  if (known) return known;
  const work = estimate(state, update, memo);
  memo.set(update, work);
  return work;
}

function estimate(state: ScoreState, update: Update, memo: Map<object, Work>): Work {
  switch (update.type) {
    case 'note':
      return ONE_NOTE;
    case 'chord':
    case 'cram':
    case 'sequence':
      return sum(state, update.events, memo);
    case 'repeat': {
      const inner = estimateWork(state, update.event, memo);
      return { notes: inner.notes * update.times, steps: 1 + inner.steps * update.times };
    }
    case 'on-repetitions':
      return estimateWork(state, update.event, memo);
    case 'get-variable': {
      const events = state.variables.get(update.name);
      return events ? sum(state, events, memo) : NOTHING;
    }
    case 'rest':
    case 'part':
    case 'voice':
    case 'end-voices':
    case 'marker':
    case 'at-marker':
    case 'set-variable':
    case 'barline':
    case 'attribute':
      return NOTHING;
    default:
      return unreachable(update);
  }
}

function sum(state: ScoreState, events: readonly Update[], memo: Map<object, Work>): Work {
  const known = memo.get(events);
  if (known) return known;
  let notes = 0;
  let steps = 1;
  for (let i = 0; i < events.length; i++) {
    const work = estimateWork(state, events[i]!, memo);
    notes += work.notes;
    steps += work.steps;
  }
  const work = { notes, steps };
  memo.set(events, work);
  return work;
}
