import type { CallSite, Value } from '../../lisp/value.js';
import type { Form } from '../../lisp/form.js';
import { fromScale, MODES, type KeySignature } from '../model/key-signature.js';
import { isAccidental, isNoteLetter, type Accidental, type NoteLetter } from '../model/pitch.js';
import { argumentError } from './values.js';

/** `(key-sig "f+ c+ g+")`: letters with + and - accidentals. */
export function keySignatureFromText(value: Value, text: string, call: CallSite): KeySignature {
  const key = new Map<NoteLetter, Accidental[]>();
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const [letter, ...marks] = [...word];
    if (word.length < 2 || !letter || !isNoteLetter(letter) || marks.some((m) => m !== '+' && m !== '-')) {
      throw argumentError('ALDA_INVALID_KEY_SIGNATURE', `Invalid "letter and accidentals" component: ${JSON.stringify(word)}`, value, call);
    }
    key.set(letter, marks.map((m) => (m === '+' ? 'sharp' : 'flat')));
  }
  return key;
}

const wordOf = (form: Form): string | null => (form.kind === 'symbol' || form.kind === 'keyword' ? form.name : null);

/** `'(e flat minor)` or `'(f (sharp) c (sharp))`. */
export function keySignatureFromList(value: Value, items: readonly Form[], call: CallSite): KeySignature {
  const invalid = () => argumentError('ALDA_INVALID_KEY_SIGNATURE', `Invalid key signature: ${describe(items)}`, value, call);
  if (items.length < 2) throw invalid();
  if (items[1]!.kind === 'list') return fromAccidentalPairs(items, invalid);
  const tonic = wordOf(items[0]!);
  if (!tonic || !isNoteLetter(tonic)) throw invalid();
  const accidentals: Accidental[] = [];
  const rest: string[] = [];
  for (const item of items.slice(1)) {
    const word = wordOf(item);
    if (word === null) throw invalid();
    if (isAccidental(word) && rest.length === 0) accidentals.push(word);
    else rest.push(word);
  }
  const mode = rest.length === 1 ? MODES[rest[0]!] : undefined;
  if (!mode) throw invalid();
  return fromScale(tonic, accidentals, mode);
}

function fromAccidentalPairs(items: readonly Form[], invalid: () => Error): KeySignature {
  if (items.length % 2 !== 0) throw invalid();
  const key = new Map<NoteLetter, Accidental[]>();
  for (let i = 0; i < items.length; i += 2) {
    const letter = wordOf(items[i]!);
    const list = items[i + 1]!;
    if (!letter || !isNoteLetter(letter) || list.kind !== 'list') throw invalid();
    const accidentals = list.items.map((item) => {
      const word = wordOf(item);
      if (word !== 'sharp' && word !== 'flat') throw invalid();
      return word;
    });
    key.set(letter, accidentals);
  }
  return key;
}

function describe(items: readonly Form[]): string {
  return `(${items.map((item) => (item.kind === 'list' ? describe(item.items) : (wordOf(item) ?? item.kind))).join(' ')})`;
}
