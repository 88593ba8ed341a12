import type { ScoreInput } from './score-input.js';

/**
 * Checks here a score that no running server will check first (as the server would: its `-F/-T`
 * range included), so that one it would refuse starts no server. Loads the engine, only then.
 */
export async function checkPlayable(input: ScoreInput, range: { readonly from?: string | undefined; readonly to?: string | undefined }): Promise<void> {
  const { scoreInRange } = await import('../engine/score-range.js');
  scoreInRange(input.text, input.name, { from: range.from, to: range.to });
}
