import { AldaSyntaxError } from './errors.js';
import { keyword, number, string, symbol, type Form, type Span } from './form.js';
import {
  BACKSLASH,
  BAR,
  COLON,
  DOUBLE_QUOTE,
  MINUS,
  isDigit,
  startsNumber,
  tokenEnd,
} from './syntax.js';

/**
 * Reads the one atom (string, number, symbol, keyword) that starts at an offset. Each
 * function returns a form whose span ends where reading should go on.
 */

/** Culprit text in a message is cut short, so a megabyte-long token makes a short message. */
function shown(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 40)}…`;
}

function at(start: number, end: number): Span {
  return { start, end };
}

/**
 * The text between an opening delimiter at `open` and the next unescaped `close`, with
 * `\<close>` and `\\` unescaped. Returns the value and the offset just past `close`.
 */
function readDelimited(
  text: string,
  open: number,
  close: number,
  what: string,
): { value: string; end: number } {
  const length = text.length;
  let value = '';
  let chunkStart = open + 1;
  let i = chunkStart;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === close) {
      return { value: value + text.slice(chunkStart, i), end: i + 1 };
    }
    if (code === BACKSLASH) {
      if (i + 1 >= length) break;
      const escaped = text.charCodeAt(i + 1);
      if (escaped !== close && escaped !== BACKSLASH) {
        const culprit = String.fromCodePoint(text.codePointAt(i + 1)!);
        throw new AldaSyntaxError(
          'LISP_BAD_ESCAPE',
          `Unknown escape '\\${culprit}' in ${what}`,
          at(i, i + 1 + culprit.length),
        );
      }
      value += text.slice(chunkStart, i);
      chunkStart = i + 1;
      i += 2;
      continue;
    }
    i++;
  }
  throw new AldaSyntaxError(
    what === 'string' ? 'LISP_UNTERMINATED_STRING' : 'LISP_UNTERMINATED_NAME',
    `Unterminated ${what}`,
    at(open, open + 1),
  );
}

/**
 * Short names repeat endlessly in forms (`note`, `pitch`, `:c`), so the last name seen in
 * each slot of a small hash table is reused instead of allocating a copy: fewer strings to
 * collect, and equal names are usually the same string. The cache never changes a result.
 */
const NAME_SLOTS = 1024;
const NAME_CACHE_MAX_LENGTH = 24;
const names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);

function nameAt(text: string, start: number, end: number): string {
  const length = end - start;
  if (length > NAME_CACHE_MAX_LENGTH) return text.slice(start, end);
  let hash = length;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const slot = hash & (NAME_SLOTS - 1);
  const cached = names[slot];
  if (cached !== undefined && cached.length === length && text.startsWith(cached, start)) return cached;
  const name = text.slice(start, end);
  names[slot] = name;
  return name;
}

/** `"…"` starting at `start`. */
export function readString(text: string, start: number): Form {
  const { value, end } = readDelimited(text, start, DOUBLE_QUOTE, 'string');
  return string(value, at(start, end));
}

/**
 * A number token: `-?digits(.digits)?([eE][+-]?digits)?`, the same grammar the printer
 * writes (JavaScript's shortest round-trip text). Anything else that starts like a number
 * is an error rather than a symbol, so `4x` is not silently a name.
 */
function readNumber(text: string, start: number, end: number): Form {
  let i = start;
  if (text.charCodeAt(i) === MINUS) i++;
  const digitsStart = i;
  let simple = true;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  let wellFormed = i > digitsStart;
  if (wellFormed && i < end && text.charCodeAt(i) === 0x2e /* . */) {
    simple = false;
    const fraction = ++i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    wellFormed = i > fraction;
  }
  if (wellFormed && i < end && (text.charCodeAt(i) | 0x20) === 0x65 /* e or E */) {
    simple = false;
    i++;
    const sign = text.charCodeAt(i);
    if (sign === MINUS || sign === 0x2b /* + */) i++;
    const exponent = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    wellFormed = i > exponent;
  }
  if (!wellFormed || i !== end) {
    throw new AldaSyntaxError(
      'LISP_BAD_NUMBER',
      `Invalid number '${shown(text.slice(start, end))}'`,
      at(start, end),
    );
  }
  // Up to 15 digits an integer is exact in a double, so it can be summed without Number().
  if (simple && end - digitsStart <= 15) {
    let value = 0;
    for (let d = digitsStart; d < end; d++) value = value * 10 + (text.charCodeAt(d) - 0x30);
    return number(digitsStart === start ? value : -value, at(start, end));
  }
  const value = Number(text.slice(start, end));
  if (!Number.isFinite(value)) {
    throw new AldaSyntaxError(
      'LISP_NUMBER_RANGE',
      `Number out of range '${shown(text.slice(start, end))}'`,
      at(start, end),
    );
  }
  return number(value, at(start, end));
}

/**
 * A token starting with a constituent at `start`: a number, a keyword, a symbol, or an
 * escaped name `|…|` (which may follow a keyword's colon).
 */
export function readToken(text: string, start: number): Form {
  const first = text.charCodeAt(start);
  if (first === COLON) {
    const nameStart = start + 1;
    if (text.charCodeAt(nameStart) === BAR) {
      const { value, end } = readDelimited(text, nameStart, BAR, 'escaped name');
      return keyword(value, at(start, end));
    }
    const end = tokenEnd(text, nameStart);
    if (end === nameStart) {
      throw new AldaSyntaxError('LISP_EMPTY_KEYWORD', "Expected a name after ':'", at(start, nameStart));
    }
    return keyword(nameAt(text, nameStart, end), at(start, end));
  }
  if (first === BAR) {
    const { value, end } = readDelimited(text, start, BAR, 'escaped name');
    return symbol(value, at(start, end));
  }
  const end = tokenEnd(text, start);
  if (startsNumber(text, start)) return readNumber(text, start, end);
  return symbol(nameAt(text, start, end), at(start, end));
}
