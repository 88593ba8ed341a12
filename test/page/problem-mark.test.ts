import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { problemMark } from '../../src/page/problem-mark.js';
import { wireError } from '../../src/protocol/coded-error.js';
import { EngineScore } from '../../src/server/session/engine-score.js';

/** The error the engine answers `code` with, as it crosses the wire. */
function engineError(code: string) {
  try {
    new EngineScore().prepare({ code, name: 'page' });
  } catch (error) {
    return wireError(error)!;
  }
  throw new Error(`${code} evaluated`);
}

/** `base` is where the evaluated code starts in the editor, as when Ctrl-Enter takes a paragraph further down. */
const cases: { label: string; editor: string; code: string; marked: string; message: RegExp }[] = [
  { label: 'an unexpected character on the first line', editor: 'x\n\npiano: c d ]', code: 'piano: c d ]', marked: ']', message: /^Unexpected end of event sequence/ },
  { label: 'a name on a later line of the paragraph', editor: 'piano: c\nd e\nviolinn: f', code: 'piano: c\nd e\nviolinn: f', marked: 'violinn:', message: /^unrecognized instrument: violinn\n.*violin/ },
  { label: 'after a character outside the BMP (columns count code points)', editor: '\n\n# 🎹\npiano: c ]', code: '# 🎹\npiano: c ]', marked: ']', message: /^Unexpected/ },
];

for (const { label, editor, code, marked, message } of cases) {
  test(`problemMark: ${label}`, () => {
    const base = editor.indexOf(code);
    const mark = problemMark(engineError(code), code, base);
    assert.is(editor.slice(mark.from, mark.to), marked);
    assert.match(mark.message, message);
    assert.not.match(mark.message, /^page:/, 'the FILE:LINE:COL prefix goes: the mark says where');
    assert.is(mark.severity, 'error');
  });
}

test('problemMark: an error without a span marks all that was evaluated', () => {
  const mark = problemMark({ code: 'ALDA_NO_PERFORMER', message: 'No performer' }, 'piano: c', 10);
  assert.equal([mark.from, mark.to, mark.message, mark.source], [10, 18, 'No performer', 'ALDA_NO_PERFORMER']);
});

test.run();
