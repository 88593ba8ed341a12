import type { Builtin, CallSite, Value } from '../../lisp/value.js';
import type { Duration, DurationComponent } from '../model/duration.js';
import { isAccidental, isNoteLetter, type Accidental, type Pitch } from '../model/pitch.js';
import { parseNoteLengthText } from './note-length-text.js';
import {
  argumentError,
  durationValue,
  integer,
  isUpdate,
  numberArg,
  pitchValue,
  stringArg,
  type DurationValue,
} from './values.js';

/** A positive length, as the notation allows it (`c0.5` is a double whole note; `c0` is an error). */
function positiveLength(value: Value, call: CallSite, what: string): number {
  const n = numberArg(value);
  if (!(n > 0)) throw argumentError('ALDA_LENGTH_NOT_POSITIVE', `${what} must be positive.`, value, call);
  return n;
}

const NOTE_LENGTH = 'The note length';

const single = (component: DurationComponent): DurationValue => durationValue({ components: [component] });

function letterPitch(letterName: string, accidentalNames: readonly string[], value: Value, call: CallSite): Pitch {
  if (!isNoteLetter(letterName)) throw argumentError('ALDA_INVALID_NOTE_LETTER', `Invalid note letter: ${letterName}`, value, call);
  const accidentals: Accidental[] = [];
  for (const name of accidentalNames) {
    if (!isAccidental(name)) throw argumentError('ALDA_INVALID_ACCIDENTAL', `Invalid accidental: ${name}`, value, call);
    accidentals.push(name);
  }
  return { kind: 'letter', letter: letterName, accidentals: accidentals.length > 0 ? accidentals : null };
}

function nameOf(value: Value): string | null {
  return value.kind === 'symbol' || value.kind === 'keyword' ? value.name : null;
}

export const PITCH_AND_DURATION_BUILTINS: readonly Builtin[] = [
  {
    name: 'pitch',
    pure: true,
    signatures: [
      {
        params: ['keyword'],
        rest: 'keyword',
        run: ([letter, ...accidentals], call) =>
          pitchValue(letterPitch(nameOf(letter!)!, accidentals.map((a) => nameOf(a)!), letter!, call)),
      },
      {
        params: ['list'],
        run: ([list], call) => {
          const items = list!.kind === 'list' ? list!.items : [];
          const names = items.map(nameOf);
          if (names.length === 0 || names.some((name) => name === null)) {
            throw argumentError('ALDA_INVALID_PITCH', 'Invalid letter/accidentals: expected a list of symbols like (c sharp)', list!, call);
          }
          return pitchValue(letterPitch(names[0]!, names.slice(1) as string[], list!, call));
        },
      },
    ],
  },
  {
    name: 'midi-note',
    pure: true,
    signatures: [{ params: ['number'], run: ([n], call) => pitchValue({ kind: 'midi', midiNote: integer(n!, call) }) }],
  },
  {
    name: 'note-length',
    pure: true,
    signatures: [
      { params: ['number'], run: ([n], call) => single({ kind: 'note-length', denominator: positiveLength(n!, call, NOTE_LENGTH), dots: 0 }) },
      {
        params: ['number', 'keyword', 'number'],
        run: ([n, key, dots], call) => {
          if (nameOf(key!) !== 'dots') throw argumentError('ALDA_UNKNOWN_OPTION', `Unknown option :${nameOf(key!)} (expected :dots)`, key!, call);
          const count = integer(dots!, call);
          if (count < 0) throw argumentError('ALDA_NEGATIVE_DOTS', 'The number of dots cannot be negative', dots!, call);
          return single({ kind: 'note-length', denominator: positiveLength(n!, call, NOTE_LENGTH), dots: count });
        },
      },
      {
        params: ['string'],
        run: ([text], call) => {
          const duration = parseNoteLengthText(stringArg(text!));
          if (!duration || duration.components.length !== 1) {
            throw argumentError('ALDA_INVALID_NOTE_LENGTH', `Invalid note length: ${JSON.stringify(stringArg(text!))}`, text!, call);
          }
          return durationValue(duration);
        },
      },
    ],
  },
  {
    name: 'ms',
    pure: true,
    signatures: [{ params: ['number'], run: ([n], call) => single({ kind: 'ms', ms: positiveLength(n!, call, 'The number of milliseconds') }) }],
  },
  {
    name: 'seconds',
    pure: true,
    signatures: [{ params: ['number'], run: ([n], call) => single({ kind: 'seconds', seconds: positiveLength(n!, call, 'The number of seconds') }) }],
  },
  {
    name: 'duration',
    pure: true,
    signatures: [
      {
        params: [],
        rest: 'any',
        run: (args, call) => {
          const components: DurationComponent[] = [];
          for (const arg of args) {
            if (arg.kind === 'host' && arg.type === 'duration') components.push(...(arg as DurationValue).duration.components);
            else if (isUpdate(arg) && arg.update.type === 'barline') {
              components.push({ kind: 'barline' });
            } else {
              throw argumentError('ALDA_INVALID_DURATION', 'A duration is made of note lengths, ms, seconds and barlines', arg, call);
            }
          }
          return durationValue({ components } satisfies Duration);
        },
      },
    ],
  },
];
