import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { showAll } from './show-forms.js';

/** Alda text → the forms it must become, one construct at a time (docs/forms.md). */
const CASES: [label: string, given: string, expect: string][] = [
  ['empty score', '', ''],
  ['only a comment', '# nothing here', ''],
  ['part', 'piano:', '(part "piano")'],
  ['part without space before a note', 'piano:c', '(part "piano") (note (pitch :c))'],
  ['part with space before the colon', 'piano :c', '(part "piano") (note (pitch :c))'],
  ['group with alias', 'violin/viola "strings":', '(part "violin" "viola" :as "strings")'],
  ['name with parentheses', 'piano(2): c', '(part "piano(2)") (note (pitch :c))'],
  ['note', 'c', '(note (pitch :c))'],
  ['accidentals in order', 'c+-_', '(note (pitch :c :sharp :flat :natural))'],
  ['dotted length', 'c+-_8.', '(note (pitch :c :sharp :flat :natural) (duration (note-length 8 :dots 1)))'],
  ['fractional length', 'c0.5..', '(note (pitch :c) (duration (note-length 0.5 :dots 2)))'],
  ['ms and seconds', 'c500ms d2s', '(note (pitch :c) (duration (ms 500))) (note (pitch :d) (duration (seconds 2)))'],
  ['seconds before ]', '[c2s]', '(seq (note (pitch :c) (duration (seconds 2))))'],
  ['slur without length', 'c~', '(note (pitch :c) :slur)'],
  ['slur after length', 'c4~', '(note (pitch :c) (duration (note-length 4)) :slur)'],
  ['ties', 'c1~2~4', '(note (pitch :c) (duration (note-length 1) (note-length 2) (note-length 4)))'],
  ['mixed ties', 'e2s~200ms', '(note (pitch :e) (duration (seconds 2) (ms 200)))'],
  [
    'barlines inside a tie',
    'c1|~1~|2',
    '(note (pitch :c) (duration (note-length 1) (barline) (note-length 1) (barline) (note-length 2)))',
  ],
  ['a tie with no length after it is a slur', 'c4~ | d', '(note (pitch :c) (duration (note-length 4)) :slur) (barline) (note (pitch :d))'],
  ['comment right after a note', 'c#d\ne', '(note (pitch :c)) (note (pitch :e))'],
  ['rest', 'r r8', '(pause) (pause (duration (note-length 8)))'],
  ['octaves', 'o4 > < >>', '(octave 4) (octave :up) (octave :down) (octave :up) (octave :up)'],
  ['a lone o at the end is octave 0', 'o', '(octave 0)'],
  ['barline', 'c | d', '(note (pitch :c)) (barline) (note (pitch :d))'],
  ['a barline after a length belongs to it', 'c4 | d', '(note (pitch :c) (duration (note-length 4) (barline))) (note (pitch :d))'],
  ['chord', 'c/e/g', '(chord (note (pitch :c)) (note (pitch :e)) (note (pitch :g)))'],
  ['spaces around /', 'c /e/ g', '(chord (note (pitch :c)) (note (pitch :e)) (note (pitch :g)))'],
  [
    'chord with octave changes and a rest',
    'c1/>e2/g4/r8',
    '(chord (note (pitch :c) (duration (note-length 1))) (octave :up) (note (pitch :e) (duration (note-length 2))) (note (pitch :g) (duration (note-length 4))) (pause (duration (note-length 8))))',
  ],
  ['octave change after a chord is not in it', 'c/e/g < c', '(chord (note (pitch :c)) (note (pitch :e)) (note (pitch :g))) (octave :down) (note (pitch :c))'],
  ['S-expression inside a chord', 'c (vol 50)/e', '(chord (note (pitch :c)) (vol 50) (note (pitch :e)))'],
  ['S-expression after a note', 'c (vol 50) e', '(note (pitch :c)) (vol 50) (note (pitch :e))'],
  ['repeated chord', 'c/e*2', '(repeat 2 (chord (note (pitch :c)) (note (pitch :e))))'],
  ['sequence', '[c d]', '(seq (note (pitch :c)) (note (pitch :d)))'],
  ['empty sequence', '[    ]', '(seq)'],
  ['cram with length', '{c d e}2', '(cram (note (pitch :c)) (note (pitch :d)) (note (pitch :e)) (duration (note-length 2)))'],
  ['cram without length', '{c d}', '(cram (note (pitch :c)) (note (pitch :d)))'],
  ['repeat', '[c d]*3', '(repeat 3 (seq (note (pitch :c)) (note (pitch :d))))'],
  ['spaces in a repeat', 'c8 * 7', '(repeat 7 (note (pitch :c) (duration (note-length 8))))'],
  ['Alda drops *0 after a note', 'c*0', '(note (pitch :c))'],
  ['but keeps it after a sequence', '[c]*0', '(repeat 0 (seq (note (pitch :c))))'],
  [
    'repetitions',
    "[c'1-3,5 d]*5",
    "(repeat 5 (seq (on-repetitions '((1 3) (5 5)) (note (pitch :c))) (note (pitch :d))))",
  ],
  ['repetitions on a voice group wrap it in a sequence', "[V1: c V0:'1]", "(seq (on-repetitions '((1 1)) (seq (voice 1) (note (pitch :c)) (end-voices))))"],
  ['voices', 'V1: c V2: d V0: e', '(voice 1) (note (pitch :c)) (voice 2) (note (pitch :d)) (end-voices) (note (pitch :e))'],
  ['a group opened by V0: is voice 0', 'V0: c', '(voice 0) (note (pitch :c))'],
  ['a part declaration ends a voice', 'piano: V1: c violin: d', '(part "piano") (voice 1) (note (pitch :c)) (part "violin") (note (pitch :d))'],
  ['markers', '%intro @intro', '(marker "intro") (at-marker "intro")'],
  ['variable definition', 'riff = c d\nriff', '(set-variable "riff" (note (pitch :c)) (note (pitch :d))) (get-variable "riff")'],
  ['definition without spaces', 'foo=c', '(set-variable "foo" (note (pitch :c)))'],
  ['definition across lines through [', 'riff = [c\nd]', '(set-variable "riff" (seq (note (pitch :c)) (note (pitch :d))))'],
  ['a definition ends on the line where a string ends', 'riff = c (x "a\nb") d # e\nf', '(set-variable "riff" (note (pitch :c)) (x "a\\nb")) (note (pitch :d)) (note (pitch :f))'],
  ['repeated reference', 'riff*2', '(repeat 2 (get-variable "riff"))'],
  ['names may hold + - and digits', 'ionlyprograminc++ jar-jar-binks xy42', '(get-variable "ionlyprograminc++") (get-variable "jar-jar-binks") (get-variable "xy42")'],
  ['S-expression', '(tempo! 90)', '(tempo! 90)'],
  ['quoted list', "(key-sig '(a major))", "(key-sig '(a major))"],
  ['strings and negative numbers', '(key-sig "f+ c+") (quant -5) (x 7.5)', '(key-sig "f+ c+") (quant -5) (x 7.5)'],
  ['symbols after numbers', '(tempo 1/2)', '(tempo 1 /2)'],
  ['a keyword in inline Lisp', '(x :major)', '(x :major)'],
  ['comments inside S-expressions', '(tempo # fast\n 200)', '(tempo 200)'],
  ['repeated S-expression', '(vol 50)*2', '(repeat 2 (vol 50))'],
  ['CR LF line ends', 'piano:\r\nc\r\n', '(part "piano") (note (pitch :c))'],
];

for (const [label, given, expect] of CASES) {
  test(label, () => {
    assert.is(showAll(parseAlda(given)), expect);
  });
}

test('every list carries the span of its text; leaves are shared', () => {
  const [part, note] = parseAlda('piano: c+8 d');
  assert.equal(part!.span, { start: 0, end: 6 });
  assert.equal(note!.span, { start: 7, end: 10 });
  const [, pitch, duration] = note!.kind === 'list' ? note!.items : [];
  assert.is(pitch!.span, note!.span);
  assert.is(duration!.span, note!.span);
  const [other] = parseAlda('c');
  assert.is(other!.kind === 'list' && other!.items[0], note!.kind === 'list' && note!.items[0]);
  assert.is(other!.kind === 'list' && other!.items[0]!.span, undefined);
});

test('spans are UTF-16 offsets after non-ASCII text', () => {
  const forms = parseAlda('# é 🎵\npiano: c (x "é") d');
  const [, c, x, d] = forms;
  assert.equal(c!.span, { start: 14, end: 15 });
  assert.equal(x!.span, { start: 16, end: 23 });
  assert.equal(d!.span, { start: 24, end: 25 });
});

test('inline S-expression leaves keep their own spans', () => {
  const [sexp] = parseAlda('(vol 50)');
  assert.ok(sexp!.kind === 'list');
  if (sexp!.kind === 'list') assert.equal(sexp!.items.map((f) => f.span), [{ start: 1, end: 4 }, { start: 5, end: 7 }]);
});

test('long runs inside one construct do not overflow the stack', () => {
  assert.is(parseAlda(`c1~${'|'.repeat(150_000)}1`).length, 1);
  assert.is(parseAlda(`c/${'>'.repeat(150_000)}e`).length, 1);
  assert.is(parseAlda(`V1: c V2: ${'c '.repeat(150_000)}`).length, 150_003);
});

test.run();
