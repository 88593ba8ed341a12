import type { Key } from 'ink';
import type { Vocabulary } from './completion.js';
import * as edit from './line-editor.js';
import { editLine, enter, historyBack, historyForward, isBlank, tab, typeText, type PromptState, type Step } from './prompt-state.js';

/** What a key asks of the REPL itself rather than of the line: Ctrl-C, Ctrl-D at an empty prompt, Ctrl-L. */
export type Signal = 'interrupt' | 'quit' | 'clear';

export interface KeyStep extends Step {
  readonly signal?: Signal;
}

/**
 * The prompt's keys, as readline users know them, applied to the prompt state: one pure
 * function from (state, key as Ink reports it) to the next state, so the keymap is tested
 * without a terminal. Backspace arrives from most terminals as DEL, which Ink calls `delete`.
 */
export function applyKey(state: PromptState, input: string, key: Partial<Key>, vocabulary: Vocabulary): KeyStep {
  const same = (next: PromptState): KeyStep => ({ state: next, submitted: [] });
  const line = (change: (line: edit.LineState) => edit.LineState): KeyStep => same(editLine(state, change));
  if (key.ctrl && input === 'c') return { state, submitted: [], signal: 'interrupt' };
  if (key.ctrl && input === 'l') return { state, submitted: [], signal: 'clear' };
  if (key.ctrl && input === 'd') return isBlank(state) ? { state, submitted: [], signal: 'quit' } : line(edit.deleteForward);
  if (key.return) return enter(state);
  if (key.tab) return same(tab(state, vocabulary));
  if (key.upArrow) return same(historyBack(state));
  if (key.downArrow) return same(historyForward(state));
  if (key.leftArrow) return line(key.ctrl || key.meta ? edit.wordLeft : edit.left);
  if (key.rightArrow) return line(key.ctrl || key.meta ? edit.wordRight : edit.right);
  if (key.home || (key.ctrl && input === 'a')) return line(edit.home);
  if (key.end || (key.ctrl && input === 'e')) return line(edit.end);
  if (key.backspace || key.delete) return line(edit.backspace);
  if (key.ctrl && input === 'u') return line(edit.killBefore);
  if (key.ctrl && input === 'k') return line(edit.killAfter);
  if (key.ctrl && input === 'w') return line(edit.killWordBefore);
  if (key.meta && input === 'b') return line(edit.wordLeft);
  if (key.meta && input === 'f') return line(edit.wordRight);
  if (key.ctrl || key.meta || key.escape || input === '') return same(state);
  return typeText(state, input);
}
