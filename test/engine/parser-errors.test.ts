import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { AldaSyntaxError } from '../../src/lisp/errors.js';
import { SourceText } from '../../src/lisp/source.js';

/** What Alda rejects, where (line:column, as Alda prints it) and with which message. */
const CASES: [given: string, code: string, where: string, message: string][] = [
  ['piano: o4c', 'ALDA_UNEXPECTED_CHAR', '1:10', "Unexpected 'c' in octave set"],
  ['piano: [c o4]', 'ALDA_UNEXPECTED_CHAR', '1:13', "Unexpected ']' in octave set"],
  ['piano: o4\tc', 'ALDA_UNEXPECTED_CHAR', '1:10', 'Unexpected tab in octave set'],
  ['piano: o-1 c', 'ALDA_UNEXPECTED_CHAR', '1:9', "Unexpected '-' in note/rest/name"],
  ['piano: c|d', 'ALDA_UNEXPECTED_CHAR', '1:9', "Unexpected '|' in note/rest/name"],
  ['piano: c(vol 50)', 'ALDA_UNEXPECTED_CHAR', '1:9', "Unexpected '(' in note/rest/name"],
  ['piano: c*2|', 'ALDA_UNEXPECTED_CHAR', '1:11', "Unexpected '|' in repeat"],
  ['c2s.', 'ALDA_UNEXPECTED_CHAR', '1:4', "Unexpected '.' in note/rest/name"],
  ['c2s*2', 'ALDA_UNEXPECTED_CHAR', '1:4', "Unexpected '*' in note/rest/name"],
  ['piano: C', 'ALDA_UNEXPECTED_CHAR', '1:9', 'Unexpected control character (0) in note/rest/name'],
  ['x', 'ALDA_UNEXPECTED_CHAR', '1:2', 'Unexpected control character (0) in note/rest/name'],
  ['i_like_underscores', 'ALDA_UNEXPECTED_CHAR', '1:2', "Unexpected '_' in note/rest/name"],
  ['piano "p1": c\np1: e', 'ALDA_UNEXPECTED_CHAR', '2:2', "Unexpected '1' in note/rest/name"],
  ["piano: [c'1,-]*4", 'ALDA_UNEXPECTED_CHAR', '1:13', "Unexpected '-' in repetitions"],
  ['V1 c', 'ALDA_UNEXPECTED_CHAR', '1:3', "Unexpected ' ' in voice marker"],
  ['%', 'ALDA_UNEXPECTED_CHAR', '1:2', 'Unexpected control character (0) in marker name'],
  ['piano "a b":', 'ALDA_UNEXPECTED_CHAR', '1:9', "Unexpected ' ' in alias"],
  ['piano "ab', 'ALDA_UNTERMINATED', '1:10', 'Unterminated alias'],
  ['(key-sig "f+', 'ALDA_UNTERMINATED', '1:13', 'Unterminated string'],
  ['(vol [1 2])', 'ALDA_UNEXPECTED_CHAR', '1:6', "Unexpected '[' in S-expression"],
  ['c !', 'ALDA_UNEXPECTED_CHAR', '1:3', "Unexpected '!' at the top level"],
  ['c\né', 'ALDA_UNEXPECTED_CHAR', '2:1', "Unexpected 'é' at the top level"],
  ['c//e', 'ALDA_UNEXPECTED_TOKEN', '1:3', 'Unexpected separator `/` in chord'],
  ['c/{d e}', 'ALDA_UNEXPECTED_TOKEN', '1:3', 'Unexpected start of cram expression `{` in chord'],
  ['c/', 'ALDA_UNEXPECTED_TOKEN', '1:3', 'Unexpected EOF in chord'],
  ["[c d]'1", 'ALDA_UNEXPECTED_TOKEN', '1:6', "Unexpected repetitions `'1` in inner events"],
  ["c'1", 'ALDA_UNEXPECTED_TOKEN', '1:2', "Unexpected repetitions `'1` in inner events"],
  ['1234kittens', 'ALDA_UNEXPECTED_TOKEN', '1:1', 'Unexpected note length `1234` in inner events'],
  ['c~4', 'ALDA_UNEXPECTED_TOKEN', '1:3', 'Unexpected note length `4` in inner events'],
  ['piano: c\n  )', 'ALDA_UNEXPECTED_TOKEN', '2:3', 'Unexpected close parenthesis `)` in inner events'],
  ['foo/bar', 'ALDA_UNEXPECTED_TOKEN', '1:8', 'Unexpected EOF in part declaration'],
  ['foo/: c', 'ALDA_UNEXPECTED_TOKEN', '1:5', 'Unexpected colon `:` in part declaration'],
  ['piano "a" d', 'ALDA_UNEXPECTED_TOKEN', '1:11', 'Unexpected note letter `d` in part declaration'],
  ['violin/viola "a"/cello: c', 'ALDA_UNEXPECTED_TOKEN', '1:17', 'Unexpected separator `/` in part declaration'],
  ['foo = piano: c', 'ALDA_UNEXPECTED_TOKEN', '1:12', 'Unexpected colon `:` in inner events'],
  ["(a ')", 'ALDA_UNEXPECTED_TOKEN', '1:5', 'Unexpected close parenthesis `)` in S-expression'],
  ['foo =\nc d e', 'ALDA_EMPTY_VARIABLE', '1:1', "there must be at least one event on the same line as the '='"],
  ['piano: c\nfoo = # c d\ne', 'ALDA_EMPTY_VARIABLE', '2:1', "there must be at least one event on the same line as the '='"],
  ['foo =', 'ALDA_EMPTY_VARIABLE', '1:1', "there must be at least one event on the same line as the '='"],
  ['(a', 'ALDA_UNTERMINATED', '1:3', 'unterminated S-expression'],
  ['[c', 'ALDA_UNTERMINATED', '1:3', 'unterminated event sequence'],
  ['{c', 'ALDA_UNTERMINATED', '1:3', 'unterminated cram expression'],
  ['piano: {}', 'ALDA_EMPTY_CRAM', '1:8', 'A cram expression needs at least one event'],
  // Alda scans the whole text first: an unbalanced `)` switches the scanner out of Lisp
  // mode, and the bad character after it is reported before the `)` itself.
  [') c|d', 'ALDA_UNEXPECTED_CHAR', '1:4', "Unexpected '|' in note/rest/name"],
];

for (const [given, code, where, message] of CASES) {
  test(`${JSON.stringify(given)} → ${where} ${message}`, () => {
    try {
      parseAlda(given);
    } catch (error) {
      assert.instance(error, AldaSyntaxError);
      const e = error as AldaSyntaxError;
      assert.is(e.code, code);
      assert.is(e.message, message);
      assert.is(new SourceText(given).where(e.span), `<no file>:${where}`);
      assert.ok(e.span!.start <= e.span!.end && e.span!.end <= given.length);
      return;
    }
    assert.unreachable('parsed without error');
  });
}

test('nesting deeper than the limit is an error, not a stack overflow (1/3: sequences)', () => {
  assert.throws(() => parseAlda('['.repeat(20000)), (e: unknown) => e instanceof AldaSyntaxError && e.code === 'ALDA_NESTING_TOO_DEEP');
});

test('nesting deeper than the limit is an error, not a stack overflow (2/3: S-expressions)', () => {
  assert.throws(() => parseAlda('('.repeat(20000)), (e: unknown) => e instanceof AldaSyntaxError && e.code === 'ALDA_NESTING_TOO_DEEP');
});

test('nesting deeper than the limit is an error, not a stack overflow (3/3: chained definitions)', () => {
  assert.throws(() => parseAlda('ab = '.repeat(20000) + 'c'), (e: unknown) => e instanceof AldaSyntaxError && e.code === 'ALDA_NESTING_TOO_DEEP');
});

test('nesting within the limit parses', () => {
  assert.is(parseAlda('['.repeat(150) + 'c' + ']'.repeat(150)).length, 1);
});

test.run();
