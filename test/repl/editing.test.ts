import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Vocabulary } from '../../src/repl/completion.js';
import { applyKey } from '../../src/repl/keymap.js';
import * as edit from '../../src/repl/line-editor.js';
import { enter, historyBack, historyForward, initialPrompt, typeText, type PromptState } from '../../src/repl/prompt-state.js';

const vocabulary: Vocabulary = { commands: ['help', 'play', 'parts', 'score'], arguments: { score: ['text', 'data'] }, instruments: ['piano', 'violin', 'viola'], parts: [] };

/** Types chunks as a terminal delivers them, collecting what was submitted. */
function typeAll(chunks: string[], state: PromptState = initialPrompt()): { state: PromptState; submitted: string[] } {
  const submitted: string[] = [];
  for (const chunk of chunks) {
    const step = typeText(state, chunk);
    state = step.state;
    submitted.push(...step.submitted);
  }
  return { state, submitted };
}

test('line editor: insert, move, delete in the middle', () => {
  let line = edit.left(edit.lineOf('c e'));
  line = edit.insert(line, 'd ');
  assert.equal(line, { text: 'c d e', cursor: 4 });
  assert.equal(edit.backspace(line), { text: 'c de', cursor: 3 });
  assert.equal(edit.deleteForward(line), { text: 'c d ', cursor: 4 });
  assert.equal(edit.right(line), { text: 'c d e', cursor: 5 });
  assert.equal(edit.right(edit.right(line)).cursor, 5, 'stops at the end');
  assert.equal(edit.home(line).cursor, 0);
  assert.equal(edit.end(line).cursor, 5);
});

test('line editor: kills and word moves', () => {
  const line = edit.lineOf('piano: c d e');
  assert.equal(edit.killWordBefore(line), { text: 'piano: c d ', cursor: 11 });
  assert.equal(edit.killBefore({ ...line, cursor: 7 }), { text: 'c d e', cursor: 0 });
  assert.equal(edit.killAfter({ ...line, cursor: 6 }), { text: 'piano:', cursor: 6 });
  assert.is(edit.wordLeft(line).cursor, 11);
  assert.is(edit.wordRight({ ...line, cursor: 0 }).cursor, 6);
});

test('line editor: a character outside the BMP moves and deletes as one', () => {
  const line = edit.lineOf('a𝄞');
  assert.equal(edit.backspace(line), { text: 'a', cursor: 1 });
  assert.is(edit.left(line).cursor, 1);
});

test('paste: text and Enter in one chunk submit, with no CR left in the line', () => {
  const { state, submitted } = typeAll(['piano: c d e f\r']);
  assert.equal(submitted, ['piano: c d e f']);
  assert.is(state.line.text, '');
});

test('paste: several lines in one chunk, CR, LF and CRLF alike, the last left unsubmitted', () => {
  const { state, submitted } = typeAll(['piano: c\rd\ne\r\nf']);
  assert.equal(submitted, ['piano: c', 'd', 'e']);
  assert.is(state.line.text, 'f');
});

test('multi-line: an open bracket continues, the closing line submits the whole input', () => {
  const { state, submitted } = typeAll(['piano: [c d\r', 'e f]\r']);
  assert.equal(submitted, ['piano: [c d\ne f]']);
  assert.equal(state.pending, []);
});

test('multi-line: a pasted block with brackets over lines is one input', () => {
  const { submitted } = typeAll(['(tempo!\r  90)\rpiano: c\r']);
  assert.equal(submitted, ['(tempo!\n  90)', 'piano: c']);
});

test('multi-line: pending lines are kept until the input is whole', () => {
  const { state } = typeAll(['piano: c \\\r', 'd']);
  assert.equal(state.pending, ['piano: c \\']);
  assert.is(state.line.text, 'd');
  assert.equal(enter(state).submitted, ['piano: c \nd']);
});

test('an empty Enter submits nothing', () => {
  assert.equal(typeAll(['\r', '   \r']).submitted, []);
});

test('history: up and down browse, and give back the draft', () => {
  let state = typeAll(['one\r', 'two\r', 'draft']).state;
  state = historyBack(state);
  assert.is(state.line.text, 'two');
  state = historyBack(state);
  assert.is(state.line.text, 'one');
  state = historyBack(state);
  assert.is(state.line.text, 'one', 'stays at the oldest');
  state = historyForward(historyForward(state));
  assert.is(state.line.text, 'draft');
  assert.is(state.browsing, undefined);
});

test('history: a repeated input is kept once; a multi-line entry comes back as its lines', () => {
  let state = typeAll(['x\r', 'x\r', 'piano: [c\rd]\r']).state;
  assert.equal(state.history, ['x', 'piano: [c\nd]']);
  state = historyBack(state);
  assert.equal(state.pending, ['piano: [c']);
  assert.is(state.line.text, 'd]');
  assert.equal(enter(state).submitted, ['piano: [c\nd]']);
});

test('keys: Enter, arrows, Backspace (DEL arrives as delete), Ctrl-A/E, Tab', () => {
  let state = initialPrompt();
  const key = (input: string, flags: Record<string, boolean> = {}) => {
    const step = applyKey(state, input, flags, vocabulary);
    state = step.state;
    return step;
  };
  key('c d e');
  key('', { leftArrow: true });
  key('', { delete: true });
  assert.equal(state.line, { text: 'c de', cursor: 3 });
  key('a', { ctrl: true });
  assert.is(state.line.cursor, 0);
  key('e', { ctrl: true });
  key(' vi');
  key('', { tab: true });
  assert.is(state.line.text, 'c de viol');
  assert.equal(state.candidates, ['viola', 'violin']);
  assert.equal(key('', { return: true }).submitted, ['c de viol']);
});

test('keys: Ctrl-C is an interrupt; Ctrl-D quits only at an empty prompt', () => {
  const empty = initialPrompt();
  assert.is(applyKey(empty, 'c', { ctrl: true }, vocabulary).signal, 'interrupt');
  assert.is(applyKey(empty, 'd', { ctrl: true }, vocabulary).signal, 'quit');
  const typed = { ...empty, line: { text: 'ab', cursor: 0 } };
  const step = applyKey(typed, 'd', { ctrl: true }, vocabulary);
  assert.is(step.signal, undefined);
  assert.is(step.state.line.text, 'b');
});

test('keys: Ctrl-L asks for a clear screen and leaves what is typed alone', () => {
  const typed = { ...initialPrompt(), line: { text: 'piano: c', cursor: 8 } };
  const step = applyKey(typed, 'l', { ctrl: true }, vocabulary);
  assert.is(step.signal, 'clear');
  assert.is(step.state, typed);
});

test.run();
