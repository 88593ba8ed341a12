import { complete, type Completion, type Vocabulary } from './completion.js';
import * as edit from './line-editor.js';
import { continues, joinLines } from './multiline.js';

/**
 * Everything the `alda>` prompt holds between keystrokes: the line being edited, the lines
 * of a multi-line input already entered, and where the user is in the history. Pure, like
 * the line editor: the Ink prompt maps keys to these functions and renders the result.
 */
export interface PromptState {
  /** Lines of this input already entered (an open bracket or a trailing `\` continued them). */
  readonly pending: readonly string[];
  readonly line: edit.LineState;
  /** Earlier inputs, oldest first. */
  readonly history: readonly string[];
  /** The history entry shown while browsing with the arrows; undefined when not browsing. */
  readonly browsing: number | undefined;
  /** What was being typed before browsing began, given back when browsing runs off the end. */
  readonly draft: string;
  /** Candidates of the last Tab that found several. */
  readonly candidates: readonly string[];
}

export interface Step {
  readonly state: PromptState;
  /** Whole inputs, ready to evaluate, in the order they were completed. */
  readonly submitted: readonly string[];
}

export function initialPrompt(history: readonly string[] = []): PromptState {
  return { pending: [], line: edit.emptyLine, history, browsing: undefined, draft: '', candidates: [] };
}

/** True when nothing at all is typed (Ctrl-C there means "quit" rather than "clear"). */
export const isBlank = (state: PromptState): boolean => state.pending.length === 0 && state.line.text === '';

/** The whole input so far, pending lines and current line. */
export const currentInput = (state: PromptState): string => [...state.pending, state.line.text].join('\n');

/** Edits the current line; any edit ends browsing and hides old candidates. */
export function editLine(state: PromptState, change: (line: edit.LineState) => edit.LineState): PromptState {
  return { ...state, line: change(state.line), browsing: undefined, candidates: [] };
}

/**
 * Typed or pasted text. A chunk can hold line breaks (a paste, or text and Enter arriving
 * together): each CR, LF or CRLF is an Enter, so nothing stray lands in the line.
 */
export function typeText(state: PromptState, chunk: string): Step {
  const segments = chunk.split(/\r\n|\r|\n/);
  const submitted: string[] = [];
  let current = state;
  segments.forEach((segment, i) => {
    if (segment !== '') current = editLine(current, (line) => edit.insert(line, segment.replace(/\t/g, '  ')));
    if (i < segments.length - 1) {
      const step = enter(current);
      current = step.state;
      submitted.push(...step.submitted);
    }
  });
  return { state: current, submitted };
}

/** Enter: evaluate the input, or continue it on a new line if it is not finished. */
export function enter(state: PromptState): Step {
  const lines = [...state.pending, state.line.text];
  const cleared: PromptState = { ...state, pending: [], line: edit.emptyLine, browsing: undefined, draft: '', candidates: [] };
  if (continues(lines.join('\n'))) {
    return { state: { ...cleared, pending: lines }, submitted: [] };
  }
  const input = joinLines(lines);
  if (input.trim() === '') return { state: cleared, submitted: [] };
  const history = state.history.at(-1) === input ? state.history : [...state.history, input];
  return { state: { ...cleared, history }, submitted: [input] };
}

/** Ctrl-C at a non-empty prompt: drop what is typed. */
export function clear(state: PromptState): PromptState {
  return { ...state, pending: [], line: edit.emptyLine, browsing: undefined, draft: '', candidates: [] };
}

/** Up arrow: the previous history entry (a multi-line one comes back as its lines). */
export function historyBack(state: PromptState): PromptState {
  if (state.history.length === 0) return state;
  const index = state.browsing === undefined ? state.history.length - 1 : Math.max(0, state.browsing - 1);
  const draft = state.browsing === undefined ? currentInput(state) : state.draft;
  return { ...recall(state, state.history[index]!), browsing: index, draft };
}

/** Down arrow: the next history entry, and past the last, what was typed before browsing. */
export function historyForward(state: PromptState): PromptState {
  if (state.browsing === undefined) return state;
  if (state.browsing >= state.history.length - 1) return { ...recall(state, state.draft), browsing: undefined, draft: '' };
  const index = state.browsing + 1;
  return { ...recall(state, state.history[index]!), browsing: index };
}

function recall(state: PromptState, input: string): PromptState {
  const lines = input.split('\n');
  return { ...state, pending: lines.slice(0, -1), line: edit.lineOf(lines.at(-1)!), candidates: [] };
}

/** Tab: complete the word before the cursor; several candidates are listed under the prompt. */
export function tab(state: PromptState, vocabulary: Vocabulary): PromptState {
  const completion: Completion = complete(state.line.text.slice(0, state.line.cursor), vocabulary, state.pending.length === 0);
  const line = completion.insert === '' ? state.line : edit.insert(state.line, completion.insert);
  return { ...state, line, browsing: undefined, candidates: completion.candidates.length > 1 ? completion.candidates : [] };
}
