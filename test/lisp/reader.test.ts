import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AldaSyntaxError } from '../../src/lisp/errors.js';
import { keyword, list, number, quote, string, symbol, type Form } from '../../src/lisp/form.js';
import { read } from '../../src/lisp/reader.js';
import { SourceText } from '../../src/lisp/source.js';
import { preorder, shape } from './form-shape.js';

const tokens: { label: string; given: string; expect: Form[] }[] = [
  { label: 'nothing', given: '', expect: [] },
  { label: 'only white space and comments', given: ' \t\r\n# (not a list\n  # "nor a string', expect: [] },
  { label: 'symbol', given: 'note', expect: [symbol('note')] },
  { label: 'symbol with punctuation', given: 'tempo! key-sig a#b a|b ;x +5 - -a .5', expect: ['tempo!', 'key-sig', 'a#b', 'a|b', ';x', '+5', '-', '-a', '.5'].map((n) => symbol(n)) },
  { label: 'symbol of non-ASCII text', given: 'ré\u00a0\u{1f3b9}', expect: [symbol('ré\u00a0\u{1f3b9}')] },
  { label: 'keyword', given: ':c :sharp :1 ::x :a:b', expect: ['c', 'sharp', '1', ':x', 'a:b'].map((n) => keyword(n)) },
  { label: 'integer', given: '4 0 123456789012345', expect: [number(4), number(0), number(123456789012345)] },
  { label: 'negative integer', given: '-3 -0', expect: [number(-3), number(-0)] },
  { label: 'long integer', given: '12345678901234567890', expect: [number(12345678901234567890)] },
  { label: 'decimal', given: '7.5 -0.25 0.1', expect: [number(7.5), number(-0.25), number(0.1)] },
  { label: 'exponent', given: '1e-7 1E3 2.5e+2 -1e21 1e-400', expect: [number(1e-7), number(1e3), number(250), number(-1e21), number(0)] },
  { label: 'string', given: '"piano"', expect: [string('piano')] },
  { label: 'string with escapes', given: String.raw`"a\"b\\c"`, expect: [string('a"b\\c')] },
  { label: 'string keeps newlines, # and parens', given: '"a\n# (b"', expect: [string('a\n# (b')] },
  { label: 'empty string', given: '""', expect: [string('')] },
  { label: 'escaped symbol', given: String.raw`|odd name| |a\|b\\c| || |12|`, expect: [symbol('odd name'), symbol('a|b\\c'), symbol(''), symbol('12')] },
  { label: 'escaped keyword', given: ':|a b| :||', expect: [keyword('a b'), keyword('')] },
  { label: 'quote', given: "'x", expect: [quote(symbol('x'))] },
  { label: 'quote of a list, with space after the quote', given: "' ((1 3) (5 5))", expect: [quote(list([list([number(1), number(3)]), list([number(5), number(5)])]))] },
  { label: 'nested quotes', given: "''x", expect: [quote(quote(symbol('x')))] },
  { label: 'empty list', given: '()', expect: [list([])] },
  {
    label: 'nested lists',
    given: '(note (pitch :c :sharp) (duration (note-length 8 :dots 1)))',
    expect: [
      list([
        symbol('note'),
        list([symbol('pitch'), keyword('c'), keyword('sharp')]),
        list([symbol('duration'), list([symbol('note-length'), number(8), keyword('dots'), number(1)])]),
      ]),
    ],
  },
  { label: 'several top-level forms', given: '(part "piano")\n(tempo 90) x', expect: [list([symbol('part'), string('piano')]), list([symbol('tempo'), number(90)]), symbol('x')] },
  { label: 'delimiters end tokens', given: `(a"s"b'c)`, expect: [list([symbol('a'), string('s'), symbol('b'), quote(symbol('c'))])] },
  { label: 'a comment ends a list line', given: '(a # b)\n c)', expect: [list([symbol('a'), symbol('c')])] },
];

for (const { label, given, expect } of tokens) {
  test(`reads ${label}`, () => {
    assert.equal(read(given).map(shape), expect.map(shape));
  });
}

const spans: { given: string; expect: string[] }[] = [
  { given: '(note (pitch :c))', expect: ['(note (pitch :c))', 'note', '(pitch :c)', 'pitch', ':c'] },
  { given: `  'x 'x`, expect: [`'x`, 'x', `'x`, 'x'] },
  { given: `' (a)`, expect: [`' (a)`, '(a)', 'a'] },
  { given: String.raw`"a\"b" |c d| :|e| -1.5e3`, expect: [String.raw`"a\"b"`, '|c d|', ':|e|', '-1.5e3'] },
  { given: '# é\n(\u{1f3b9} "é")', expect: ['(\u{1f3b9} "é")', '\u{1f3b9}', '"é"'] },
];

for (const { given, expect } of spans) {
  test(`spans of ${JSON.stringify(given)} cover their source`, () => {
    const texts = preorder(read(given)).map((form) => given.slice(form.span!.start, form.span!.end));
    assert.equal(texts, expect);
  });
}

const errors: { given: string; code: string; message: string; span: [number, number] }[] = [
  { given: ')', code: 'LISP_UNEXPECTED_CLOSE', message: "Unexpected ')' at the top level", span: [0, 1] },
  { given: '(a) b)', code: 'LISP_UNEXPECTED_CLOSE', message: "Unexpected ')' at the top level", span: [5, 6] },
  { given: '(a (b', code: 'LISP_UNCLOSED_LIST', message: 'Unclosed list', span: [3, 4] },
  { given: '(a (b)', code: 'LISP_UNCLOSED_LIST', message: 'Unclosed list', span: [0, 1] },
  { given: '(a "b)', code: 'LISP_UNTERMINATED_STRING', message: 'Unterminated string', span: [3, 4] },
  { given: String.raw`"a\"`, code: 'LISP_UNTERMINATED_STRING', message: 'Unterminated string', span: [0, 1] },
  { given: '"a\\', code: 'LISP_UNTERMINATED_STRING', message: 'Unterminated string', span: [0, 1] },
  { given: String.raw`x "a\nb"`, code: 'LISP_BAD_ESCAPE', message: String.raw`Unknown escape '\n' in string`, span: [4, 6] },
  { given: '"\\\u{1f3b9}"', code: 'LISP_BAD_ESCAPE', message: "Unknown escape '\\\u{1f3b9}' in string", span: [1, 4] },
  { given: String.raw`|a\"|`, code: 'LISP_BAD_ESCAPE', message: String.raw`Unknown escape '\"' in escaped name`, span: [2, 4] },
  { given: '(|a b)', code: 'LISP_UNTERMINATED_NAME', message: 'Unterminated escaped name', span: [1, 2] },
  { given: ':|a', code: 'LISP_UNTERMINATED_NAME', message: 'Unterminated escaped name', span: [1, 2] },
  { given: 'a :', code: 'LISP_EMPTY_KEYWORD', message: "Expected a name after ':'", span: [2, 3] },
  { given: '(: a)', code: 'LISP_EMPTY_KEYWORD', message: "Expected a name after ':'", span: [1, 2] },
  { given: "'", code: 'LISP_NOTHING_QUOTED', message: "Expected a form after '", span: [0, 1] },
  { given: "(a ')", code: 'LISP_NOTHING_QUOTED', message: "Expected a form after '", span: [3, 4] },
  { given: "(a '", code: 'LISP_NOTHING_QUOTED', message: "Expected a form after '", span: [3, 4] },
  { given: '(4x)', code: 'LISP_BAD_NUMBER', message: "Invalid number '4x'", span: [1, 3] },
  { given: '-1.', code: 'LISP_BAD_NUMBER', message: "Invalid number '-1.'", span: [0, 3] },
  { given: '1.e5', code: 'LISP_BAD_NUMBER', message: "Invalid number '1.e5'", span: [0, 4] },
  { given: '1e', code: 'LISP_BAD_NUMBER', message: "Invalid number '1e'", span: [0, 2] },
  { given: '1e+', code: 'LISP_BAD_NUMBER', message: "Invalid number '1e+'", span: [0, 3] },
  { given: '1:2', code: 'LISP_BAD_NUMBER', message: "Invalid number '1:2'", span: [0, 3] },
  { given: `${'9'.repeat(50)}x`, code: 'LISP_BAD_NUMBER', message: `Invalid number '${'9'.repeat(40)}…'`, span: [0, 51] },
  { given: '1e309', code: 'LISP_NUMBER_RANGE', message: "Number out of range '1e309'", span: [0, 5] },
  { given: '-1e309', code: 'LISP_NUMBER_RANGE', message: "Number out of range '-1e309'", span: [0, 6] },
  { given: '[c d]', code: 'LISP_UNEXPECTED_CHAR', message: "Unexpected '[' at the top level", span: [0, 1] },
  { given: '(a })', code: 'LISP_UNEXPECTED_CHAR', message: "Unexpected '}' in list", span: [3, 4] },
];

function readError(given: string, options?: { maxDepth?: number }): AldaSyntaxError {
  try {
    read(given, options);
  } catch (error) {
    assert.instance(error, AldaSyntaxError);
    return error as AldaSyntaxError;
  }
  assert.unreachable(`read(${JSON.stringify(given)}) did not throw`);
  throw new Error('unreachable');
}

for (const { given, code, message, span } of errors) {
  test(`${code}: ${JSON.stringify(given)}`, () => {
    const error = readError(given);
    assert.is(error.code, code);
    assert.is(error.message, message);
    assert.equal(error.span, { start: span[0], end: span[1] });
  });
}

test('an error describes itself at line and column', () => {
  const source = new SourceText('(a\n  "b)', 'song.lisp');
  assert.is(readError(source.text).describe(source), 'song.lisp:2:3 Unterminated string');
});

test('nesting up to maxDepth is read (1/3)', () => {
  const given = '('.repeat(10_000) + ')'.repeat(10_000);
  assert.is(read(given)[0]!.span!.end, 20_000);
});

test('nesting past maxDepth is an error at the opener that goes too deep (2/3)', () => {
  const error = readError('('.repeat(10_001));
  assert.is(error.code, 'LISP_TOO_DEEP');
  assert.is(error.message, 'Forms nested more than 10000 deep');
  assert.equal(error.span, { start: 10_000, end: 10_001 });
  const quotes = readError("'".repeat(4) + 'x', { maxDepth: 3 });
  assert.is(quotes.message, 'Forms nested more than 3 deep');
  assert.equal(quotes.span, { start: 3, end: 4 });
});

test('100,000 nested parens read without overflowing the stack (3/3)', () => {
  const given = `${'('.repeat(100_000)}x${')'.repeat(100_000)}`;
  assert.is(readError(given).code, 'LISP_TOO_DEEP');
  let form = read(given, { maxDepth: 100_000 })[0]!;
  for (let depth = 0; depth < 100_000; depth++) {
    assert.is(form.kind, 'list');
    if (form.kind === 'list') form = form.items[0]!;
  }
  assert.equal(shape(form), { symbol: 'x' });
});

test('bad options are refused with a TypeError naming the option', () => {
  const cases: [unknown, string][] = [
    [0, '0 (number)'],
    [-1, '-1 (number)'],
    [1.5, '1.5 (number)'],
    [Infinity, 'Infinity (number)'],
    ['10', '"10" (string)'],
    [null, 'null (object)'],
  ];
  for (const [value, got] of cases) {
    assert.throws(
      () => read('x', { maxDepth: value as number }),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message === `The maxDepth option must be a positive integer; got ${got}`,
    );
  }
});

const syntaxChars = fc.constantFrom(...'()[]{}"\'\\|:#-+.e1 \n\ta');

test('any text reads to forms or to an AldaSyntaxError inside the text', () => {
  const text = fc.oneof(
    fc.string({ unit: syntaxChars, maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(text, (given) => {
      try {
        read(given, { maxDepth: 8 });
      } catch (error) {
        if (!(error instanceof AldaSyntaxError)) throw error;
        const span = error.span!;
        return 0 <= span.start && span.start < span.end && span.end <= given.length;
      }
      return true;
    }),
    { numRuns: 3000 },
  );
});

test.run();
