import { EvalFailure } from '../session/evaluator.js';

/**
 * Refuses an eval into a session whose score already holds `maxSessionEvents` note events, so
 * that many evaluations, each within its budget, cannot together exhaust the server's memory.
 * A reset starts the score afresh and is always let through. A session can pass the limit by
 * at most one evaluation's budget (2,000,000 events by default).
 */
export function checkSessionRoom(session: { readonly name: string; readonly score: { readonly size: number } } | undefined, reset: boolean | undefined, maxSessionEvents: number): void {
  if (!session || reset || session.score.size < maxSessionEvents) return;
  throw new EvalFailure(
    'ALDA_SESSION_FULL',
    `The session "${session.name}" holds ${session.score.size} note events, the most a session may hold (${maxSessionEvents}); evaluate with reset to start it afresh`,
  );
}
