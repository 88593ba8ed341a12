/**
 * Character classes of Alda's scanner, over UTF-8 bytes. Every class is ASCII-only
 * except S-expression symbols, which take any byte that is not a delimiter, so a
 * multi-byte character never splits.
 */

const SPACE = 32;
const CR = 13;
const LF = 10;

export const isDigit = (b: number): boolean => b >= 48 && b <= 57;

export const isLetter = (b: number): boolean => (b >= 97 && b <= 122) || (b >= 65 && b <= 90);

export const isNoteLetter = (b: number): boolean => b >= 97 && b <= 103;

/** Letters, digits and `_ - + ' ( ) .`: names, aliases and markers. */
export function isNameChar(b: number): boolean {
  if (isLetter(b) || isDigit(b)) return true;
  return b === 95 || b === 45 || b === 43 || b === 39 || b === 40 || b === 41 || b === 46;
}

/** Digits and `chars`, as a 256-entry table: faster than a Set on the scanner's hot path. */
function digitsAnd(chars: string): Uint8Array {
  const t = new Uint8Array(256);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  for (let b = 48; b <= 57; b++) t[b] = 1;
  return t;
}

const FOLLOWS_REST = digitsAnd('# \r\n/~*\'}]<>');
const FOLLOWS_NOTE = digitsAnd('# \r\n/~*\'}]<>+-_');

/** What may directly follow a note letter for it to be a note (`c|` is an error, `c4|` is not); digits included. */
export const followsNoteLetter = (b: number): boolean => FOLLOWS_NOTE[b] === 1;

export const followsRestLetter = (b: number): boolean => FOLLOWS_REST[b] === 1;

/** After these, `s` is a seconds suffix; before anything else `2s.` would be a name. */
export function endsSecondsSuffix(b: number): boolean {
  return b === SPACE || b === CR || b === LF || b === 47 || b === 126 || b === 93 || b === 125;
}

/** An octave set, and a repeat count, must be followed by one of these (or EOF). */
export const isTokenBreak = (b: number): boolean => b === SPACE || b === CR || b === LF;

/** Anything but white space, parentheses, brackets, braces and `"` continues a symbol. */
export function isSymbolChar(b: number): boolean {
  switch (b) {
    case SPACE: case 9: case CR: case LF: case 40: case 41: case 91: case 93: case 123: case 125: case 34:
      return false;
    default:
      return true;
  }
}

/**
 * A character as Alda's messages name it: `'x'`, or `tab`, or `control character (N)`.
 * End of input reads as the NUL character, as Alda's scanner peeks it.
 */
export function describeChar(codePoint: number): string {
  if (codePoint === 9) return 'tab';
  if (codePoint === 10) return 'newline';
  if (codePoint < 32 || (codePoint >= 0x7f && codePoint <= 0x9f)) return `control character (${codePoint})`;
  return `'${String.fromCodePoint(codePoint)}'`;
}
