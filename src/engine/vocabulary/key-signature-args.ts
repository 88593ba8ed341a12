import type { AldaEvalError, MessageIn } from '../../lisp/errors.js';
import type { CallSite, ListValue, Value } from '../../lisp/value.js';
import { fromScale, MODES, type KeySignature } from '../model/key-signature.js';
import { isAccidental, isNoteLetter, type Accidental, type NoteLetter } from '../model/pitch.js';
import { goForms, goQuote } from '../../lisp/go-fmt.js';
import { argumentError, symbolName } from './values.js';

const UTF8 = new TextEncoder();

/** `(key-sig "f+ c+ g+")`: a letter and its `+`/`-` accidentals, for each word; errors at the string. */
export function keySignatureFromText(value: Value, text: string, call: CallSite): KeySignature {
  const key = new Map<NoteLetter, Accidental[]>();
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const [letter, ...marks] = [...word];
    // Alda counts bytes here: a lone letter is not enough, whatever it is.
    if (UTF8.encode(word).length < 2 || !letter || !isNoteLetter(letter) || marks.some((m) => m !== '+' && m !== '-')) {
      throw argumentError('ALDA_INVALID_KEY_SIGNATURE', `invalid "letter and accidentals" component: ${goQuote(word)}`, value, call);
    }
    key.set(letter, marks.map((m) => (m === '+' ? 'sharp' : 'flat')));
  }
  return key;
}

/**
 * `'(e flat minor)` or `'(f (sharp) c (sharp))`, read as Alda 2 reads them, with its
 * messages; every error is placed at the list (at the call for a list `(list …)` made).
 */
export function keySignatureFromList(list: ListValue, call: CallSite): KeySignature {
  const fail = (message: string | MessageIn): AldaEvalError => argumentError('ALDA_INVALID_KEY_SIGNATURE', message, list, call);
  const forms = list.items;
  const invalid = (what: string, shown: readonly Value[]) => fail((source) => `${what} ${goForms(shown, source)}`);
  if (forms.length < 2) throw invalid('invalid key signature:', forms);
  if (symbolName(forms[1]!) !== null) return fromScaleName(forms, fail, invalid);
  if (forms[1]!.kind === 'list') return fromAccidentalPairs(forms, fail, invalid);
  throw invalid('invalid key signature:', forms);
}

type Fail = (message: string | MessageIn) => AldaEvalError;
type Invalid = (what: string, shown: readonly Value[]) => AldaEvalError;

function noteLetter(char: string, fail: Fail): NoteLetter {
  if (!isNoteLetter(char)) throw fail(`invalid note letter: ${char}`);
  return char;
}

function fromScaleName(forms: readonly Value[], fail: Fail, invalid: Invalid): KeySignature {
  const tonicName = symbolName(forms[0]!);
  if (tonicName === null || [...tonicName].length > 1) throw invalid('invalid scale name:', forms);
  const tonic = noteLetter(tonicName, fail);
  const accidentals: Accidental[] = [];
  const rest: Value[] = [];
  for (const form of forms.slice(1)) {
    const name = symbolName(form);
    if (name === null) throw invalid('invalid scale name:', forms);
    if (isAccidental(name)) {
      if (rest.length > 0) throw invalid('invalid scale name:', forms);
      accidentals.push(name);
    } else {
      rest.push(form);
    }
  }
  const mode = rest.length === 1 ? MODES[symbolName(rest[0]!)!] : undefined;
  if (!mode) throw invalid('invalid scale type:', rest);
  return fromScale(tonic, accidentals, mode);
}

function fromAccidentalPairs(forms: readonly Value[], fail: Fail, invalid: Invalid): KeySignature {
  const pairsError = () => invalid('expected pairs of note letter and accidentals, got', forms);
  if (forms.length % 2 !== 0) throw pairsError();
  const key = new Map<NoteLetter, Accidental[]>();
  for (let i = 0; i < forms.length; i += 2) {
    const name = symbolName(forms[i]!);
    if (name === null) throw pairsError();
    // Alda reads only the first character of the letter's symbol.
    const letter = noteLetter([...name][0]!, fail);
    const list = forms[i + 1]!;
    if (list.kind !== 'list') throw pairsError();
    const accidentals = list.items.map((item) => {
      const accidental = symbolName(item);
      if (accidental !== 'sharp' && accidental !== 'flat') throw pairsError();
      return accidental;
    });
    key.set(letter, accidentals);
  }
  return key;
}
