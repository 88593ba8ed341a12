import { EvalFailure } from '../session/evaluator.js';

/** What a session may hold, however many evaluations it takes, each within its budgets. */
export interface SessionRoom {
  readonly maxSessionEvents: number;
  /** Characters of session text (what `join` sends): an evaluation of no events still adds its text. */
  readonly maxSessionText: number;
}

/**
 * Refuses an eval into a session whose score already holds `maxSessionEvents` note events, or
 * whose text would pass `maxSessionText` characters with this evaluation's, so that many
 * evaluations, each within its budget, cannot together exhaust the server's memory. A reset
 * starts the session afresh: only its own text counts. A session can pass the events limit by
 * at most one evaluation's budget (2,000,000 events by default).
 */
export function checkSessionRoom(
  session: { readonly name: string; readonly score: { readonly size: number }; readonly text: string } | undefined,
  reset: boolean | undefined,
  added: string,
  room: SessionRoom,
): void {
  const text = (reset || !session ? 0 : session.text.length) + added.length;
  if (text > room.maxSessionText) {
    throw new EvalFailure(
      'ALDA_SESSION_FULL',
      `The session${session ? ` "${session.name}"` : ''} would hold ${text} characters of text, more than a session may hold (${room.maxSessionText}); evaluate with reset to start it afresh`,
    );
  }
  if (!session || reset || session.score.size < room.maxSessionEvents) return;
  throw new EvalFailure(
    'ALDA_SESSION_FULL',
    `The session "${session.name}" holds ${session.score.size} note events, the most a session may hold (${room.maxSessionEvents}); evaluate with reset to start it afresh`,
  );
}
