import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keyword, list, number, quote, string, symbol, type Form } from '../../src/lisp/form.js';
import { print, printAll } from '../../src/lisp/printer.js';
import { read } from '../../src/lisp/reader.js';
import { preorder, shape } from './form-shape.js';

const cases: { label: string; given: Form; expect: string }[] = [
  { label: 'symbol', given: symbol('tempo!'), expect: 'tempo!' },
  { label: 'symbol with inner # : | and -', given: symbol('a#b:c|d-1'), expect: 'a#b:c|d-1' },
  { label: 'empty symbol', given: symbol(''), expect: '||' },
  { label: 'symbol with a space', given: symbol('odd name'), expect: '|odd name|' },
  { label: 'symbol with delimiters', given: symbol(`a(b)"c'd[e]{f}`), expect: `|a(b)"c'd[e]{f}|` },
  { label: 'symbol with a control character', given: symbol('a\u0001'), expect: '|a\u0001|' },
  { label: 'symbol that looks like a number', given: symbol('12'), expect: '|12|' },
  { label: 'symbol that looks like a negative number', given: symbol('-5x'), expect: '|-5x|' },
  { label: 'symbol - and -x stay bare', given: list([symbol('-'), symbol('-x'), symbol('+5')]), expect: '(- -x +5)' },
  { label: 'symbol that looks like a keyword', given: symbol(':c'), expect: '|:c|' },
  { label: 'symbol that looks like a comment', given: symbol('#x'), expect: '|#x|' },
  { label: 'symbol starting with a bar', given: symbol('|x'), expect: String.raw`|\|x|` },
  { label: 'symbol with a backslash and a space', given: symbol('a\\ b'), expect: String.raw`|a\\ b|` },
  { label: 'keyword', given: keyword('sharp'), expect: ':sharp' },
  { label: 'keyword with a digit or colon first', given: list([keyword('1'), keyword(':x')]), expect: '(:1 ::x)' },
  { label: 'empty keyword', given: keyword(''), expect: ':||' },
  { label: 'keyword with a space', given: keyword('a b'), expect: ':|a b|' },
  { label: 'keyword starting with a bar', given: keyword('|'), expect: String.raw`:|\||` },
  { label: 'integer', given: number(4), expect: '4' },
  { label: 'negative zero', given: number(-0), expect: '-0' },
  { label: 'decimal', given: number(-0.1), expect: '-0.1' },
  { label: 'large number', given: number(1e21), expect: '1e+21' },
  { label: 'small number', given: number(1e-7), expect: '1e-7' },
  { label: 'smallest double', given: number(5e-324), expect: '5e-324' },
  { label: 'string', given: string('piano'), expect: '"piano"' },
  { label: 'string with escapes', given: string('a"b\\c|d'), expect: String.raw`"a\"b\\c|d"` },
  { label: 'string with a newline', given: string('a\nb'), expect: '"a\nb"' },
  { label: 'quote', given: quote(symbol('x')), expect: "'x" },
  { label: 'nested quote', given: quote(quote(list([]))), expect: "''()" },
  { label: 'empty list', given: list([]), expect: '()' },
  {
    label: 'nested lists',
    given: list([symbol('note'), list([symbol('pitch'), keyword('c')]), list([symbol('duration'), list([symbol('note-length'), number(8)])])]),
    expect: '(note (pitch :c) (duration (note-length 8)))',
  },
];

for (const { label, given, expect } of cases) {
  test(`prints ${label}`, () => {
    assert.is(print(given), expect);
    assert.equal(read(expect).map(shape), [shape(given)]);
  });
}

test('printAll writes one top-level form per line', () => {
  assert.is(printAll([]), '');
  assert.is(printAll([list([symbol('part'), string('piano')]), symbol('x')]), '(part "piano")\nx\n');
});

test('NaN and the infinities are a programmer error', () => {
  for (const value of [NaN, Infinity, -Infinity]) {
    assert.throws(
      () => print(list([number(value)])),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message === `Cannot print the number ${value}: alda.lisp numbers are finite`,
    );
  }
});

test('a form nested 100,000 deep prints without overflowing the stack', () => {
  let form: Form = symbol('x');
  for (let depth = 0; depth < 50_000; depth++) form = quote(list([form]));
  const text = print(form);
  assert.is(text, `${"'(".repeat(50_000)}x${')'.repeat(50_000)}`);
  assert.is(read(text, { maxDepth: 100_000 }).length, 1);
});

const syntaxChars = fc.constantFrom(...'()[]{}"\'\\|:#-+.e1 \n\ta');
const name = fc.oneof(
  fc.constantFrom('note', 'tempo!', '-', '-1', '1e3', '', ':c', '#', '|', 'a|b'),
  fc.string({ unit: syntaxChars, maxLength: 6 }),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const leaf: fc.Arbitrary<Form> = fc.oneof(
  name.map((n) => symbol(n)),
  name.map((n) => keyword(n)),
  name.map((n) => string(n)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => number(n)),
  fc.integer().map((n) => number(n)),
);
const { form } = fc.letrec<{ form: Form; list: Form; quote: Form }>((tie) => ({
  form: fc.oneof({ maxDepth: 5, depthIdentifier: 'form' }, leaf, tie('list'), tie('quote')),
  list: fc.array(tie('form'), { maxLength: 5, depthIdentifier: 'form' }).map((items) => list(items)),
  quote: tie('form').map((quoted) => quote(quoted)),
}));

test('reading printed forms gives the same forms', () => {
  fc.assert(
    fc.property(fc.array(form, { maxLength: 4 }), (forms) => {
      assert.equal(read(printAll(forms)).map(shape), forms.map(shape));
    }),
    { numRuns: 1000 },
  );
});

test('in printed text every span covers exactly the printed form', () => {
  fc.assert(
    fc.property(fc.array(form, { maxLength: 4 }), (forms) => {
      const text = printAll(forms);
      for (const piece of preorder(read(text))) {
        assert.is(text.slice(piece.span!.start, piece.span!.end), print(piece));
      }
    }),
    { numRuns: 300 },
  );
});

test.run();
