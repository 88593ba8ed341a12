/**
 * One line of text being edited, and the edits a terminal user expects. Pure: every edit
 * returns a new state, so the Ink prompt only renders and the tests need no terminal.
 */
export interface LineState {
  readonly text: string;
  /** Index into `text` (UTF-16), 0…text.length. */
  readonly cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

export const lineOf = (text: string): LineState => ({ text, cursor: text.length });

export function insert(line: LineState, typed: string): LineState {
  return { text: line.text.slice(0, line.cursor) + typed + line.text.slice(line.cursor), cursor: line.cursor + typed.length };
}

export function backspace(line: LineState): LineState {
  if (line.cursor === 0) return line;
  const width = charWidthBefore(line.text, line.cursor);
  return { text: line.text.slice(0, line.cursor - width) + line.text.slice(line.cursor), cursor: line.cursor - width };
}

export function deleteForward(line: LineState): LineState {
  if (line.cursor >= line.text.length) return line;
  const width = charWidthAt(line.text, line.cursor);
  return { text: line.text.slice(0, line.cursor) + line.text.slice(line.cursor + width), cursor: line.cursor };
}

export function left(line: LineState): LineState {
  return { ...line, cursor: line.cursor - charWidthBefore(line.text, line.cursor) };
}

export function right(line: LineState): LineState {
  return { ...line, cursor: Math.min(line.text.length, line.cursor + charWidthAt(line.text, line.cursor)) };
}

export const home = (line: LineState): LineState => ({ ...line, cursor: 0 });
export const end = (line: LineState): LineState => ({ ...line, cursor: line.text.length });

/** Ctrl-U: everything before the cursor goes. */
export const killBefore = (line: LineState): LineState => ({ text: line.text.slice(line.cursor), cursor: 0 });

/** Ctrl-K: everything from the cursor on goes. */
export const killAfter = (line: LineState): LineState => ({ text: line.text.slice(0, line.cursor), cursor: line.cursor });

/** Ctrl-W: the word before the cursor (and the spaces after it) goes. */
export function killWordBefore(line: LineState): LineState {
  const before = line.text.slice(0, line.cursor).replace(/\S*\s*$/, '');
  return { text: before + line.text.slice(line.cursor), cursor: before.length };
}

/** Alt-B / Ctrl-Left: to the start of the previous word. */
export function wordLeft(line: LineState): LineState {
  const before = line.text.slice(0, line.cursor).replace(/\S*\s*$/, '');
  return { ...line, cursor: before.length };
}

/** Alt-F / Ctrl-Right: to the end of the next word. */
export function wordRight(line: LineState): LineState {
  const match = /^\s*\S*/.exec(line.text.slice(line.cursor))!;
  return { ...line, cursor: line.cursor + match[0].length };
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function charWidthBefore(text: string, index: number): number {
  return index >= 2 && isLowSurrogate(text.charCodeAt(index - 1)) ? 2 : index > 0 ? 1 : 0;
}

function charWidthAt(text: string, index: number): number {
  return index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
}
