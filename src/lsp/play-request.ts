import { checkScore } from '../language/check-score.js';
import { scoreOutline } from '../language/score-outline.js';

/** What an editor asks to hear: its selection, the part the cursor is in, or the score from the cursor. */
export type PlayMode = 'selection' | 'part' | 'cursor';

/** An `eval` for the file's session. */
export interface PlayEval {
  readonly code: string;
  /** Start the session's score afresh (the part, or the score from the cursor) rather than add to it. */
  readonly reset: boolean;
  readonly from?: string;
}

/** The marker put where the cursor is, to play from it: Alda's own `-F MARKER`. */
export const CURSOR_MARKER = 'alda-live-cursor';

/**
 * The evaluation that plays what was asked, from the document's text and the editor's offsets
 * (UTF-16, as `start`/`end` of the selection, or both the cursor).
 * - selection: the selected text, added to the session's score as a REPL line is;
 * - part: what comes before the first part (global attributes, variables) and the part's block
 *   around the cursor, on a fresh score;
 * - cursor: the whole score on a fresh score, from a marker put at the start of the word the
 *   cursor is in (from the top where a marker cannot stand there, before any part).
 */
export function playEval(text: string, mode: PlayMode, start: number, end: number, name: string): PlayEval {
  if (mode === 'selection') return { code: text.slice(start, end), reset: false };
  if (mode === 'part') return { code: partAround(text, start), reset: true };
  const at = wordStart(text, start);
  const marked = `${text.slice(0, at)} %${CURSOR_MARKER} ${text.slice(at)}`;
  if (checkScore(marked, name).length > 0) return { code: text, reset: true };
  return { code: marked, reset: true, from: CURSOR_MARKER };
}

function partAround(text: string, offset: number): string {
  const headers = [...new Set(scoreOutline(text).filter((declaration) => declaration.kind === 'part').map((part) => part.span.start))];
  if (headers.length === 0) return text;
  const prelude = text.slice(0, headers[0]);
  const index = headers.filter((header) => header <= offset).length - 1;
  if (index < 0) return text;
  return prelude + text.slice(headers[index], headers[index + 1] ?? text.length);
}

function wordStart(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && !/\s/.test(text[at - 1]!)) at--;
  return at;
}
