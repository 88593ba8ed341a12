import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AldaBudgetError, AldaError, AldaEvalError, AldaSyntaxError } from '../../src/lisp/errors.js';
import { SourceText } from '../../src/lisp/source.js';
import { compile } from '../../src/engine/compile.js';

interface Case {
  readonly label: string;
  readonly given: string;
  readonly expect: { readonly type: typeof AldaError; readonly code: string; readonly text: string };
}

/** Each error as a user sees it: class, stable code, and `FILE:LINE:COL message` as Alda prints it. */
const CASES: readonly Case[] = [
  { label: 'a note out of MIDI range', given: 'piano: o10 c', expect: { type: AldaEvalError, code: 'ALDA_MIDI_NOTE_RANGE', text: 'song.alda:1:12 MIDI note out of the 0-127 range. Input note: 132' } },
  { label: 'zero milliseconds', given: 'piano: c0ms', expect: { type: AldaEvalError, code: 'ALDA_LENGTH_NOT_POSITIVE', text: 'song.alda:1:8 The number of milliseconds must be positive.' } },
  { label: 'zero seconds', given: 'piano: c0s', expect: { type: AldaEvalError, code: 'ALDA_LENGTH_NOT_POSITIVE', text: 'song.alda:1:8 The number of seconds must be positive.' } },
  { label: 'a MIDI channel out of range', given: 'piano: (midi-channel 42) c', expect: { type: AldaEvalError, code: 'ALDA_INVALID_MIDI_CHANNEL', text: 'song.alda:1:22 expected integer in range 0-15, got 42' } },
  { label: 'channel 9 for a melodic part', given: 'piano: (midi-channel 9) c', expect: { type: AldaEvalError, code: 'ALDA_CHANNEL_9_NOT_PERCUSSION', text: 'song.alda:1:8 Can\'t use MIDI channel 9 for part "piano"; channel 9 can only be used for percussion.' } },
  { label: 'an undefined marker', given: 'piano: @nonexistent-marker', expect: { type: AldaEvalError, code: 'ALDA_MARKER_UNDEFINED', text: 'song.alda:1:8 Marker undefined: nonexistent-marker' } },
  { label: 'a marker whose parts disagree', given: 'piano: c\nviolin: c d\npiano/violin: %m', expect: { type: AldaEvalError, code: 'ALDA_MARKER_UNCLEAR', text: 'song.alda:3:15 offset of marker "m" unclear' } },
  { label: 'a marker outside any part', given: '%chorus', expect: { type: AldaEvalError, code: 'ALDA_MARKER_OUTSIDE_PART', text: 'song.alda:1:1 can\'t define marker "chorus" outside the context of a part' } },
  { label: 'an undefined variable', given: 'piano: lolbadvariable', expect: { type: AldaEvalError, code: 'ALDA_UNDEFINED_VARIABLE', text: 'song.alda:1:8 undefined variable: lolbadvariable' } },
  { label: 'an unknown instrument', given: 'quizzledyblarf "norman":', expect: { type: AldaEvalError, code: 'ALDA_UNRECOGNIZED_INSTRUMENT', text: 'song.alda:1:1 unrecognized instrument: quizzledyblarf' } },
  { label: 'unnamed and named instances', given: 'piano "foo":\npiano:', expect: { type: AldaEvalError, code: 'ALDA_AMBIGUOUS_INSTRUMENT', text: 'song.alda:2:1 ambiguous instrument reference "piano": can\'t use both unnamed and named instances of the same instrument in a score' } },
  { label: 'an alias for an existing instance', given: 'piano "foo":\nfoo "bar":', expect: { type: AldaEvalError, code: 'ALDA_ALIAS_EXISTING_INSTANCE', text: 'song.alda:2:1 can\'t assign alias "bar" to existing instance "foo"' } },
  { label: 'an alias used twice', given: 'piano/accordion "foo":\nclarinet "foo":', expect: { type: AldaEvalError, code: 'ALDA_ALIAS_TAKEN', text: 'song.alda:2:1 the alias "foo" has already been assigned to another part/group' } },
  { label: 'a name twice in a group', given: 'piano/piano "pianos":', expect: { type: AldaEvalError, code: 'ALDA_DUPLICATE_GROUP_MEMBER', text: 'song.alda:1:1 Name included multiple times in group: piano' } },
  { label: 'a negative quantization', given: '(quant -5)', expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_NON_NEGATIVE', text: 'song.alda:1:8 expected non-negative number, got -5.000000' } },
  { label: 'a fractional octave', given: 'piano: (octave 4.5)', expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_INTEGER', text: 'song.alda:1:16 expected integer, got 4.500000' } },
  { label: 'a fractional set-duration', given: 'piano: (set-duration 0.5)', expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_POSITIVE', text: 'song.alda:1:22 expected positive number, got 0.500000' } },
  { label: 'a volume over 100', given: 'piano: (vol 101)', expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_PERCENTAGE', text: 'song.alda:1:13 value not between 0 and 100: 101.000000' } },
  { label: 'an unknown function', given: 'piano: (tempo 1/2)', expect: { type: AldaEvalError, code: 'LISP_UNRESOLVABLE_SYMBOL', text: 'song.alda:1:16 unresolvable symbol: /2' } },
  { label: 'a global attribute with parts out of step', given: 'piano: c\nviolin: c d\npiano/violin: (tempo! 60)', expect: { type: AldaEvalError, code: 'ALDA_GLOBAL_ATTRIBUTE_UNCLEAR', text: 'song.alda:3:15 can\'t set global attribute; there are multiple current parts with different offsets' } },
  { label: 'a note repeated a hundred million times', given: 'piano: c*100000000', expect: { type: AldaBudgetError, code: 'BUDGET_REPEATS', text: 'song.alda:1:8 Cannot repeat 100000000 times; at most 1000000' } },
  { label: 'five million notes from a modest repeat', given: 'piano: [c c c c c c c c c c]*500000', expect: { type: AldaBudgetError, code: 'BUDGET_EVENTS', text: 'song.alda:1:8 Evaluation would produce more than 2000000 notes' } },
  { label: 'an undefined variable in a definition, at its =', given: 'abc = foo', expect: { type: AldaEvalError, code: 'ALDA_UNDEFINED_VARIABLE', text: 'song.alda:1:5 undefined variable: foo' } },
  { label: 'an undefined variable in a cram, at its {', given: 'piano: {c foo}4', expect: { type: AldaEvalError, code: 'ALDA_UNDEFINED_VARIABLE', text: 'song.alda:1:8 undefined variable: foo' } },
  { label: 'a note out of range in a cram, at its {', given: 'piano: {c o10 d}4', expect: { type: AldaEvalError, code: 'ALDA_MIDI_NOTE_RANGE', text: 'song.alda:1:8 MIDI note out of the 0-127 range. Input note: 134' } },
  { label: 'a note out of range in a sequence in a cram, at the note', given: 'piano: {[c o10 d]}', expect: { type: AldaEvalError, code: 'ALDA_MIDI_NOTE_RANGE', text: 'song.alda:1:16 MIDI note out of the 0-127 range. Input note: 134' } },
  { label: 'a note out of range in a chord, at the chord', given: 'piano: c/o10 e', expect: { type: AldaEvalError, code: 'ALDA_MIDI_NOTE_RANGE', text: 'song.alda:1:8 MIDI note out of the 0-127 range. Input note: 136' } },
  { label: 'a note out of range in a variable, where the variable is used', given: 'foo = c d o10 e\npiano: foo', expect: { type: AldaEvalError, code: 'ALDA_MIDI_NOTE_RANGE', text: 'song.alda:2:8 MIDI note out of the 0-127 range. Input note: 136' } },
  { label: 'an argument error in a definition, at the argument', given: 'foo = (vol 500)', expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_PERCENTAGE', text: 'song.alda:1:12 value not between 0 and 100: 500.000000' } },
  { label: 'a key signature string of one letter', given: 'piano: (key-sig "c")', expect: { type: AldaEvalError, code: 'ALDA_INVALID_KEY_SIGNATURE', text: 'song.alda:1:17 invalid "letter and accidentals" component: "c"' } },
  { label: 'a scale on no note', given: "piano: (key-sig '(z major))", expect: { type: AldaEvalError, code: 'ALDA_INVALID_KEY_SIGNATURE', text: 'song.alda:1:18 invalid note letter: z' } },
  {
    label: 'an unknown mode, shown as Go shows the forms',
    given: "piano: (key-sig '(g blah))",
    expect: {
      type: AldaEvalError,
      code: 'ALDA_INVALID_KEY_SIGNATURE',
      text: 'song.alda:1:18 invalid scale type: []model.LispForm{model.LispSymbol{SourceContext:model.AldaSourceContext{Filename:"song.alda", Line:1, Column:21}, Name:"blah"}}',
    },
  },
  {
    label: 'a tempo in words, on several lines as Alda says it',
    given: 'piano: (tempo "fast")',
    expect: {
      type: AldaEvalError,
      code: 'LISP_SIGNATURE_MISMATCH',
      text: 'song.alda:1:8 provided arguments do not match the signature of `tempo`\n\nExpected:\nnumber    OR\nnumber, number    OR\nstring, number\n\nGot:\nstring',
    },
  },
  { label: 'a note length in letters, at the call', given: 'piano: (note-length "q")', expect: { type: AldaEvalError, code: 'ALDA_INVALID_NOTE_LENGTH', text: 'song.alda:1:8 invalid note length: "q"' } },
  { label: 'a tied note length with a bad piece, at the string', given: 'piano: (tempo "4~q" 60)', expect: { type: AldaEvalError, code: 'ALDA_INVALID_NOTE_LENGTH', text: 'song.alda:1:15 invalid note length: "q"' } },
  { label: 'an unknown accidental, at the pitch call', given: "piano: (note (pitch '(c blah)))", expect: { type: AldaEvalError, code: 'ALDA_INVALID_ACCIDENTAL', text: 'song.alda:1:14 invalid accidental: blah' } },
  { label: 'an octave sideways', given: "piano: (octave 'sideways)", expect: { type: AldaEvalError, code: 'ALDA_INVALID_OCTAVE', text: "song.alda:1:17 invalid argument to `octave`: 'sideways" } },
  { label: 'quote with two arguments', given: 'piano: (quote a b)', expect: { type: AldaEvalError, code: 'LISP_SIGNATURE_MISMATCH', text: 'song.alda:1:8 expected 1 argument to quote, got 2' } },
  {
    label: 'an explicit MIDI channel in use, on several lines as Alda says it',
    given: 'piano: (midi-channel 2) c1\nguitar: (midi-channel 2) c1',
    expect: {
      type: AldaEvalError,
      code: 'ALDA_MIDI_CHANNEL_UNAVAILABLE',
      text:
        'song.alda:2:26 The specified MIDI channel (2) for part "guitar" is not available at offset 0.000000.\n\n' +
        'This means that another part in the score is already using that channel at that\npoint in the score.\n\n' +
        'To address this, use the midi-channel attribute to assign a different MIDI channel to the\nother parts in the score.',
    },
  },
  {
    label: 'sixteen instruments at once, on several lines as Alda says it',
    given: 'piano/violin/viola/cello/flute/oboe/clarinet/bassoon/trumpet/trombone/tuba/harp/celesta/marimba/xylophone/accordion: c1',
    expect: {
      type: AldaEvalError,
      code: 'ALDA_NO_MIDI_CHANNEL',
      text:
        'song.alda:1:118 No MIDI channel available for part "accordion" at offset 0.000000.\n\n' +
        'This means that your score has more than 16 instruments, and we tried to map\n' +
        "the instruments' notes to the 16 MIDI channels by having multiple instruments\n" +
        "share a channel as needed, but it wasn't logistically possible.",
    },
  },
  { label: 'inline (ms 0.5): Alda\'s Lisp wants at least 1', given: "piano: (note (pitch '(c)) (ms 0.5))", expect: { type: AldaEvalError, code: 'ALDA_EXPECTED_POSITIVE', text: 'song.alda:1:31 expected positive number, got 0.500000' } },
  {
    label: 'a number called as a function',
    given: 'piano: (1 2)',
    expect: { type: AldaEvalError, code: 'LISP_NOT_A_FUNCTION', text: 'song.alda:1:8 value is not an Operator: model.LispNumber{SourceContext:model.AldaSourceContext{Filename:"song.alda", Line:1, Column:9}, Value:1}' },
  },
  { label: 'a syntax error', given: 'piano: o4c', expect: { type: AldaSyntaxError, code: '', text: "song.alda:1:10 Unexpected 'c' in octave set" } },
];

for (const { label, given, expect } of CASES) {
  test(`error: ${label}`, () => {
    try {
      compile(given, 'song.alda');
    } catch (error) {
      assert.instance(error, expect.type);
      const aldaError = error as AldaError;
      if (expect.code) assert.is(aldaError.code, expect.code);
      assert.is(aldaError.describe(new SourceText(given, 'song.alda')), expect.text);
      return;
    }
    assert.unreachable(`${JSON.stringify(given)} was accepted`);
  });
}

test('inline Lisp: (quote x) is quote, as in Alda 2', () => {
  const { score } = compile('piano: (key-signature (quote (g major))) f');
  assert.is(score.state.events.event(0).midiNote, 66);
});

test('inline Lisp: a list of updates is a value, not an update, so it is ignored (as in Alda 2)', () => {
  const { score } = compile('piano: (list (vol 50) (tempo 100)) c');
  const note = score.state.events.event(0);
  assert.is(note.volume, 0.5421);
  assert.is(note.duration, 500);
});

test('inline Lisp: a list inside a sequence, a cram or a repeat is an event that does nothing (as in Alda 2)', () => {
  const { score } = compile('piano: [c (list (vol 50)) d] {e (list 1)}2 (list 1)*2 f');
  const notes = Array.from({ length: score.state.events.length }, (_, i) => score.state.events.event(i));
  assert.equal(notes.map((n) => [n.midiNote, n.offset, n.duration, n.volume]), [
    [60, 0, 500, 0.5421],
    [62, 500, 500, 0.5421],
    [64, 1000, 1000, 0.5421],
    [65, 2000, 1000, 0.5421],
  ]);
});

test('inline Lisp: a key signature from (list …) is read, and its errors are at the call', () => {
  assert.is(compile("piano: (key-sig (list 'g 'major)) f").score.state.events.event(0).midiNote, 66);
  try {
    compile("piano: (key-sig (list 'z 'major))", 'song.alda');
    assert.unreachable('accepted');
  } catch (error) {
    assert.is((error as AldaError).describe(new SourceText("piano: (key-sig (list 'z 'major))", 'song.alda')), 'song.alda:1:8 invalid note letter: z');
  }
});

test.run();
