import type { ScoreState } from './model/score-state.js';
import type { TempoChange } from './score-view.js';

/**
 * The one tempo map a MIDI file can have, as Alda 2 derives it: the tempo master part's
 * own tempo changes, then the global ones (a global metric modulation is taken relative
 * to the last global tempo).
 */
export function tempoChanges(state: ScoreState): TempoChange[] {
  const itinerary = new Map<number, number>([[0, 120]]);
  for (const part of state.parts) {
    if (part.tempoRole !== 'master') continue;
    for (const [offset, bpm] of part.tempoValues) itinerary.set(offset, bpm);
  }
  let lastGlobalTempo = 120;
  for (const [offset, changes] of state.globals.entries()) {
    for (const change of changes) {
      if (change.kind === 'tempo') {
        lastGlobalTempo = change.bpm;
        itinerary.set(offset, change.bpm);
      } else if (change.kind === 'metric-modulation') {
        itinerary.set(offset, lastGlobalTempo * change.ratio);
      }
    }
  }
  return [...itinerary].sort(([a], [b]) => a - b).map(([offset, bpm]) => ({ offset, bpm }));
}
