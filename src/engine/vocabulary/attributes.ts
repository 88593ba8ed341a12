import type { Builtin, CallSite, ListValue, Signature, Value } from '../../lisp/value.js';
import { DYNAMICS, type AttributeChange } from '../model/attribute.js';
import { durationBeats, noteLengthBeats, type Duration } from '../model/duration.js';
import { keySignatureFromList, keySignatureFromText } from './key-signature-args.js';
import { goQuote } from '../../lisp/go-fmt.js';
import { parseTiedNoteLengths } from './note-length-text.js';
import {
  argumentError,
  integer,
  nonNegativePercentage,
  numberArg,
  percentage,
  positiveNumber,
  stringArg,
  updateValue,
} from './values.js';

interface AttributeSignature {
  readonly params: readonly string[];
  readonly change: (args: readonly Value[], call: CallSite) => AttributeChange;
}

/** A duration written as a string in an attribute, e.g. `(tempo "4." 40)`; errors at the string. */
function durationText(value: Value, call: CallSite): Duration {
  const duration = parseTiedNoteLengths(stringArg(value));
  if ('invalid' in duration) throw argumentError('ALDA_INVALID_NOTE_LENGTH', `invalid note length: ${goQuote(duration.invalid)}`, value, call);
  return duration;
}

const beatsOf = (duration: Duration): number => durationBeats(duration) ?? 0;
const noteLengthOf = (value: Value, call: CallSite): number => noteLengthBeats(positiveNumber(value, call), 0);

const lengthBeats = (value: Value, call: CallSite): number =>
  value.kind === 'string' ? beatsOf(durationText(value, call)) : noteLengthOf(value, call);

const ATTRIBUTES: ReadonlyArray<readonly [readonly string[], readonly AttributeSignature[]]> = [
  [
    ['octave'],
    [
      { params: ['number'], change: ([n], call) => ({ kind: 'octave-set', octave: integer(n!, call) }) },
      ...['symbol', 'keyword'].map((type) => ({
        params: [type],
        change: ([direction]: readonly Value[], call: CallSite): AttributeChange => {
          const word = direction!.kind === 'symbol' || direction!.kind === 'keyword' ? direction!.name : '';
          if (word === 'up') return { kind: 'octave-up' };
          if (word === 'down') return { kind: 'octave-down' };
          throw argumentError('ALDA_INVALID_OCTAVE', `invalid argument to \`octave\`: '${word}`, direction!, call);
        },
      })),
    ],
  ],
  [
    ['tempo'],
    [
      { params: ['number'], change: ([bpm], call) => ({ kind: 'tempo', bpm: positiveNumber(bpm!, call) }) },
      {
        params: ['number', 'number'],
        change: ([length, bpm], call) => ({ kind: 'tempo', bpm: noteLengthOf(length!, call) * positiveNumber(bpm!, call) }),
      },
      {
        params: ['string', 'number'],
        change: ([length, bpm], call) => ({ kind: 'tempo', bpm: beatsOf(durationText(length!, call)) * positiveNumber(bpm!, call) }),
      },
    ],
  ],
  [
    ['metric-modulation'],
    ['number', 'string'].flatMap((first) =>
      ['number', 'string'].map((second) => ({
        params: [first, second],
        change: ([oldLength, newLength]: readonly Value[], call: CallSite): AttributeChange => ({
          kind: 'metric-modulation',
          ratio: lengthBeats(newLength!, call) / lengthBeats(oldLength!, call),
        }),
      })),
    ),
  ],
  [['quantization', 'quantize', 'quant'], [{ params: ['number'], change: ([n], call) => ({ kind: 'quantization', quantization: nonNegativePercentage(n!, call) }) }]],
  [['volume', 'vol'], [{ params: ['number'], change: ([n], call) => ({ kind: 'volume', volume: percentage(n!, call) }) }]],
  [['track-volume', 'track-vol'], [{ params: ['number'], change: ([n], call) => ({ kind: 'track-volume', trackVolume: percentage(n!, call) }) }]],
  [['panning', 'pan'], [{ params: ['number'], change: ([n], call) => ({ kind: 'panning', panning: percentage(n!, call) }) }]],
  [
    ['set-duration'],
    [{ params: ['number'], change: ([n], call) => ({ kind: 'duration', duration: { components: [{ kind: 'beats', beats: positiveNumber(n!, call) }] } }) }],
  ],
  [
    ['set-duration-ms'],
    [{ params: ['number'], change: ([n], call) => ({ kind: 'duration', duration: { components: [{ kind: 'ms', ms: positiveNumber(n!, call) }] } }) }],
  ],
  [
    ['set-note-length'],
    [
      {
        params: ['number'],
        change: ([n], call) => ({ kind: 'duration', duration: { components: [{ kind: 'note-length', denominator: positiveNumber(n!, call), dots: 0 }] } }),
      },
      { params: ['string'], change: ([text], call) => ({ kind: 'duration', duration: durationText(text!, call) }) },
    ],
  ],
  [
    ['key-signature', 'key-sig'],
    [
      { params: ['string'], change: ([text], call) => ({ kind: 'key-signature', key: keySignatureFromText(text!, stringArg(text!), call) }) },
      {
        params: ['list'],
        change: ([list], call) => ({ kind: 'key-signature', key: keySignatureFromList(list as ListValue, call) }),
      },
    ],
  ],
  [['transposition', 'transpose'], [{ params: ['number'], change: ([n], call) => ({ kind: 'transposition', semitones: integer(n!, call) }) }]],
  [['reference-pitch', 'tuning-constant'], [{ params: ['number'], change: ([n], call) => ({ kind: 'reference-pitch', frequency: positiveNumber(n!, call) }) }]],
  [
    ['midi-channel'],
    [
      {
        params: ['number'],
        change: ([n], call) => {
          const channel = integer(n!, call);
          if (channel < 0 || channel > 15) {
            throw argumentError('ALDA_INVALID_MIDI_CHANNEL', `expected integer in range 0-15, got ${numberArg(n!)}`, n!, call);
          }
          return { kind: 'midi-channel', channel };
        },
      },
    ],
  ],
  ...Object.entries(DYNAMICS).map(
    ([marking, volume]) => [[marking], [{ params: [], change: (): AttributeChange => ({ kind: 'dynamic', marking, volume }) }]] as const,
  ),
];

/** Every attribute setter, with its global `!` twin (Alda's defattribute). */
export const ATTRIBUTE_BUILTINS: readonly Builtin[] = ATTRIBUTES.flatMap(([names, signatures]) =>
  names.flatMap((name) =>
    [false, true].map(
      (global): Builtin => ({
        name: global ? `${name}!` : name,
        signatures: signatures.map(
          (signature): Signature => ({
            params: signature.params,
            run: (args, call) => updateValue({ type: 'attribute', change: signature.change(args, call), global, span: call.span }),
          }),
        ),
      }),
    ),
  ),
);
