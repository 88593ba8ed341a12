import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluationRange } from '../../src/page/evaluation-range.js';

/** `|` is the cursor (or `[`…`]` the selection) in `given`; `expect` is the text Ctrl/Cmd-Enter evaluates. */
const cases: { label: string; given: string; expect: string }[] = [
  { label: 'a lone line', given: 'piano: c d| e', expect: 'piano: c d e' },
  { label: 'the paragraph around the cursor', given: 'a\n\npiano: c\nd| e\nf\n\nviolin: g', expect: 'piano: c\nd e\nf' },
  { label: 'the first paragraph', given: 'pia|no: c\nd\n\ne', expect: 'piano: c\nd' },
  { label: 'the last paragraph, at the very end', given: 'a\n\nb\nc|', expect: 'b\nc' },
  { label: 'lines of spaces part paragraphs too', given: 'a\n   \nb|\n\t\nc', expect: 'b' },
  { label: 'a cursor on a blank line: nothing', given: 'a\n|\nb', expect: '' },
  { label: 'a selection, whatever the paragraphs', given: 'pi[ano: c\n\nd] e', expect: 'ano: c\n\nd' },
  { label: 'an empty text', given: '|', expect: '' },
];

for (const { label, given, expect } of cases) {
  test(`evaluationRange: ${label}`, () => {
    const selection = given.includes('[');
    const text = given.replace(/[|[\]]/g, '');
    const from = selection ? given.indexOf('[') : given.indexOf('|');
    const to = selection ? given.indexOf(']') - 1 : from;
    const range = evaluationRange(text, from, to);
    assert.is(text.slice(range.from, range.to), expect);
  });
}

test('evaluationRange: a selection made backwards is the same selection', () => {
  assert.equal(evaluationRange('abcdef', 4, 1), { from: 1, to: 4 });
});

test.run();
