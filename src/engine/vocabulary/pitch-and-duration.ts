import type { Builtin, CallSite, ListValue, Value } from '../../lisp/value.js';
import type { Duration, DurationComponent } from '../model/duration.js';
import { isAccidental, isNoteLetter, type Accidental, type Pitch } from '../model/pitch.js';
import { goForms, goQuote } from '../../lisp/go-fmt.js';
import { ALDA2_DIALECT } from '../inline-lisp.js';
import { parseNoteLength } from './note-length-text.js';
import {
  argumentError,
  callError,
  symbolName,
  durationValue,
  integer,
  isUpdate,
  numberArg,
  pitchValue,
  positiveNumber,
  stringArg,
  type DurationValue,
} from './values.js';

/**
 * A positive length, as the notation allows it (`c0.5` is a double whole note; `c0` is an
 * error). Written in inline Lisp, `(ms 0.5)` or `(note-length 0.5)`, it is Alda's Lisp
 * that checks it, and that wants at least 1.
 */
function positiveLength(value: Value, call: CallSite, what: string): number {
  if (call.dialect === ALDA2_DIALECT) return positiveNumber(value, call);
  const n = numberArg(value);
  if (!(n > 0)) throw argumentError('ALDA_LENGTH_NOT_POSITIVE', `${what} must be positive.`, value, call);
  return n;
}

const NOTE_LENGTH = 'The note length';

const single = (component: DurationComponent): DurationValue => durationValue({ components: [component] });

/** A letter and accidentals, as Alda's `pitch` takes them; what it rejects is placed at the call. */
function letterPitch(letterName: string, accidentalNames: readonly string[], call: CallSite): Pitch {
  if (!isNoteLetter(letterName)) throw callError('ALDA_INVALID_NOTE_LETTER', `invalid note letter: ${letterName}`, call);
  const accidentals: Accidental[] = [];
  for (const name of accidentalNames) {
    if (!isAccidental(name)) throw callError('ALDA_INVALID_ACCIDENTAL', `invalid accidental: ${name}`, call);
    accidentals.push(name);
  }
  return { kind: 'letter', letter: letterName, accidentals: accidentals.length > 0 ? accidentals : null };
}

/** `(pitch '(c sharp))`: a one-letter symbol, then accidental symbols, checked in Alda's order. */
function pitchFromList(list: ListValue, call: CallSite): Pitch {
  const forms = list.items;
  const invalid = () => callError('ALDA_INVALID_PITCH', (source) => `invalid letter/accidentals: ${goForms(forms, source)}`, call);
  const letter = forms[0] && symbolName(forms[0]);
  if (!letter || [...letter].length !== 1) throw invalid();
  const accidentals: string[] = [];
  for (const form of forms.slice(1)) {
    const name = symbolName(form);
    if (name === null) {
      // Alda checks the letter and the accidentals before this one first.
      letterPitch(letter, accidentals, call);
      throw invalid();
    }
    accidentals.push(name);
  }
  return letterPitch(letter, accidentals, call);
}

export const PITCH_AND_DURATION_BUILTINS: readonly Builtin[] = [
  {
    name: 'pitch',
    pure: true,
    signatures: [
      {
        params: ['keyword'],
        rest: 'keyword',
        run: ([letter, ...accidentals], call) => pitchValue(letterPitch(symbolName(letter!)!, accidentals.map((a) => symbolName(a)!), call)),
      },
      {
        params: ['list'],
        run: ([list], call) => pitchValue(pitchFromList(list as ListValue, call)),
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
          if (symbolName(key!) !== 'dots') throw argumentError('ALDA_UNKNOWN_OPTION', `Unknown option :${symbolName(key!)} (expected :dots)`, key!, call);
          const count = integer(dots!, call);
          if (count < 0) throw argumentError('ALDA_NEGATIVE_DOTS', 'The number of dots cannot be negative', dots!, call);
          return single({ kind: 'note-length', denominator: positiveLength(n!, call, NOTE_LENGTH), dots: count });
        },
      },
      {
        params: ['string'],
        // Alda reports this one at the call, not at the string.
        run: ([text], call) => {
          const component = parseNoteLength(stringArg(text!));
          if (!component) throw callError('ALDA_INVALID_NOTE_LENGTH', `invalid note length: ${goQuote(stringArg(text!))}`, call);
          return single(component);
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
