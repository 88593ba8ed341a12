/**
 * The lexical rules of alda.lisp text, in one place so that the reader and the printer
 * agree on them: whatever the printer writes without escaping, the reader must read back
 * as the same name.
 *
 * White space is every ASCII control character and the space (codes 0-32). A token is a
 * run of constituents: anything but white space and the delimiters `( ) [ ] { } " '`.
 * A `#` where a token would begin starts a comment; inside a token it is a constituent,
 * as in Alda's own scanner.
 */

export const OPEN = 0x28; // (
export const CLOSE = 0x29; // )
export const QUOTE = 0x27; // '
export const DOUBLE_QUOTE = 0x22; // "
export const BACKSLASH = 0x5c; // \
export const BAR = 0x7c; // |
export const COLON = 0x3a; // :
export const HASH = 0x23; // #
export const MINUS = 0x2d; // -

/** 0 for a constituent, 1 for white space, 2 for a delimiter; codes from 128 up are constituents. */
export const CHAR_CLASS = new Uint8Array(128);
for (let code = 0; code <= 32; code++) CHAR_CLASS[code] = 1;
for (const delimiter of '()[]{}"\'') CHAR_CLASS[delimiter.charCodeAt(0)] = 2;

export function isConstituent(code: number): boolean {
  return code > 127 || CHAR_CLASS[code] === 0;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Where the token starting at `start` ends: the first non-constituent, or the end of the text. */
export function tokenEnd(text: string, start: number): number {
  let i = start;
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code <= 127 && CHAR_CLASS[code] !== 0) break;
    i++;
  }
  return i;
}

/** A token read at this offset is a number (or a malformed one): a digit, or `-` and a digit. */
export function startsNumber(text: string, start: number): boolean {
  const first = text.charCodeAt(start);
  return isDigit(first) || (first === MINUS && isDigit(text.charCodeAt(start + 1)));
}

/** Every character of `name` is a constituent, and `name` is not empty. */
function allConstituents(name: string): boolean {
  if (name.length === 0) return false;
  return tokenEnd(name, 0) === name.length;
}

/**
 * The symbol can be written bare: it is a token that reads back as a symbol, not as a
 * number, keyword, comment or escaped name.
 */
export function isPlainSymbol(name: string): boolean {
  if (!allConstituents(name)) return false;
  const first = name.charCodeAt(0);
  return first !== COLON && first !== BAR && first !== HASH && !startsNumber(name, 0);
}

/** The keyword's name can follow its `:` bare. */
export function isPlainKeyword(name: string): boolean {
  return allConstituents(name) && name.charCodeAt(0) !== BAR;
}
