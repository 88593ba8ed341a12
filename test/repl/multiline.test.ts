import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { continues, joinLines } from '../../src/repl/multiline.js';

const rows: [label: string, given: string, expect: boolean][] = [
  ['a plain line is whole', 'piano: c d e', false],
  ['an open voice group bracket continues', 'piano: [c d', true],
  ['an open cram continues', 'piano: {c d', true],
  ['an open S-expression continues', '(tempo!', true],
  ['closed brackets are whole', 'piano: [c d] {e f}2 (volume 50)', false],
  ['a trailing backslash continues', 'piano: c d \\', true],
  ['a backslash followed by spaces continues', 'piano: c d \\  ', true],
  ['brackets in a comment do not count', 'piano: c # [ a comment', false],
  ['brackets in a string do not count', '(part "(")', false],
  ['an escaped quote stays in the string', '(part "a\\"(")', false],
  ['a second line closing the first is whole', 'piano: [c d\ne f]', false],
  ['a stray closer is left for the parser', 'piano: c] [d', true],
];

for (const [label, given, expect] of rows) {
  test(`continues: ${label}`, () => assert.is(continues(given), expect));
}

test('joinLines drops continuation backslashes and keeps the lines', () => {
  assert.is(joinLines(['piano: c d \\', 'e f', '[g', 'a]']), 'piano: c d \ne f\n[g\na]');
});

test.run();
