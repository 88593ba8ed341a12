/**
 * Token parsers for Alda mode (outside parentheses), one per construct of Alda's scanner.
 * Each starts at the construct's first byte, scans in place and emits one token.
 */
import {
  endsSecondsSuffix,
  followsNoteLetter,
  followsRestLetter,
  isDigit,
  isLetter,
  isNameChar,
  isNoteLetter,
  isTokenBreak,
} from './characters.js';
import { emit, problemAt, skipWhile, unexpectedAt } from './scan-context.js';
import type { TokenRule } from './scan-context.js';
import { TokenKind } from './tokens.js';

const DOT = 46;
const SPACE = 32;

/** `4`, `2..`, `1.5`, `350ms`, `2s`. */
export const noteLength: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  let i = skipWhile(bytes, start, isDigit);
  if (bytes[i] === DOT && i + 1 < bytes.length && isDigit(bytes[i + 1]!)) i = skipWhile(bytes, i + 1, isDigit);
  const c = bytes[i];
  if (c === 115 /* s */ && (i + 1 >= bytes.length || endsSecondsSuffix(bytes[i + 1]!))) {
    return emit(ctx, TokenKind.NoteLengthSeconds, start, i + 1);
  }
  if (c === 109 /* m */ && bytes[i + 1] === 115) return emit(ctx, TokenKind.NoteLengthMs, start, i + 2);
  return emit(ctx, TokenKind.NoteLength, start, skipWhile(bytes, i, isDot));
};

/** Apart from noteLength: an arrow there would be a new function at each length scanned. */
const isDot = (b: number): boolean => b === DOT;

/**
 * A letter starts a name when another letter follows, otherwise a note, rest, octave
 * set or voice marker, each allowed only before certain characters.
 */
export const letterToken: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  const c = bytes[start]!;
  const atEnd = start + 1 >= bytes.length;
  const n = atEnd ? 0 : bytes[start + 1]!;
  if (isLetter(n)) return emit(ctx, TokenKind.Name, start, skipWhile(bytes, start + 1, isNameChar));
  if (isNoteLetter(c) && (atEnd || followsNoteLetter(n))) return emit(ctx, TokenKind.NoteLetter, start, start + 1);
  if (c === 114 /* r */ && (atEnd || followsRestLetter(n))) return emit(ctx, TokenKind.RestLetter, start, start + 1);
  if (c === 111 /* o */ && (atEnd || isDigit(n))) {
    const end = skipWhile(bytes, start + 1, isDigit);
    if (end < bytes.length && !isTokenBreak(bytes[end]!)) return unexpectedAt(end, 'in octave set');
    return emit(ctx, TokenKind.OctaveSet, start, end);
  }
  if (c === 86 /* V */ && isDigit(n)) {
    const end = skipWhile(bytes, start + 1, isDigit);
    if (bytes[end] !== 58 /* : */) return unexpectedAt(end, 'in voice marker');
    return emit(ctx, TokenKind.VoiceMarker, start, end + 1);
  }
  return unexpectedAt(start + 1, 'in note/rest/name');
};

/** `'1`, `'1-3`, `'1,3-4,6`: on-repetitions ranges. */
export const repetitions: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  let i = start + 1;
  for (;;) {
    if (!isDigit(bytes[i] ?? 0)) return unexpectedAt(i, 'in repetitions');
    i = skipWhile(bytes, i, isDigit);
    if (bytes[i] === 45 /* - */) {
      i++;
      if (!isDigit(bytes[i] ?? 0)) return unexpectedAt(i, 'in repetitions');
      i = skipWhile(bytes, i, isDigit);
    }
    if (bytes[i] !== 44 /* , */) break;
    i++;
  }
  return emit(ctx, TokenKind.Repetitions, start, i);
};

/** `*3`, `* 3`: the count must end at white space, `]`, `}` or EOF. */
export const repeat: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  const digits = skipWhile(bytes, start + 1, (b) => b === SPACE);
  if (!isDigit(bytes[digits] ?? 0)) return unexpectedAt(digits, 'in repeat');
  const end = skipWhile(bytes, digits, isDigit);
  const after = bytes[end];
  if (after !== undefined && !isTokenBreak(after) && after !== 93 && after !== 125) {
    return unexpectedAt(end, 'in repeat');
  }
  return emit(ctx, TokenKind.Repeat, start, end);
};

/** `"strings"`: a part alias; only name characters may stand between the quotes. */
export const alias: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  const end = skipWhile(bytes, start + 1, isNameChar);
  if (end >= bytes.length) return problemAt(end, 'Unterminated alias');
  if (bytes[end] !== 34) return unexpectedAt(end, 'in alias');
  return emit(ctx, TokenKind.Alias, start, end + 1);
};

const prefixedName = (kind: TokenKind): TokenRule =>
  (ctx, start) => {
    const { bytes } = ctx;
    const first = start + 1;
    if (!isNameChar(bytes[first] ?? 0)) return unexpectedAt(first, 'in marker name');
    return emit(ctx, kind, start, skipWhile(bytes, first, isNameChar));
  };

/** `%chorus` */
export const marker = prefixedName(TokenKind.Marker);
/** `@chorus` */
export const atMarker = prefixedName(TokenKind.AtMarker);

/** Tokens that are exactly their one character: `[ ] { } - + _ / < > : ~ | =`. */
export const singleChar = (kind: TokenKind): TokenRule =>
  (ctx, start) => emit(ctx, kind, start, start + 1);

export const topLevelChar: TokenRule = (_ctx, start) => unexpectedAt(start, 'at the top level');
