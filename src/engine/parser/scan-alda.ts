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
import { emit, problemAt, scanParser, skipWhile, unexpectedAt } from './scan-context.js';
import type { ScanParser } from './scan-context.js';
import { TokenKind } from './tokens.js';

const DOT = 46;
const SPACE = 32;

/** `4`, `2..`, `1.5`, `350ms`, `2s`. */
export const noteLength: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  const start = state.index;
  let i = skipWhile(bytes, start, isDigit);
  if (bytes[i] === DOT && i + 1 < bytes.length && isDigit(bytes[i + 1]!)) i = skipWhile(bytes, i + 1, isDigit);
  const c = bytes[i];
  if (c === 115 /* s */ && (i + 1 >= bytes.length || endsSecondsSuffix(bytes[i + 1]!))) {
    return emit(state, ctx, TokenKind.NoteLengthSeconds, start, i + 1);
  }
  if (c === 109 /* m */ && bytes[i + 1] === 115) return emit(state, ctx, TokenKind.NoteLengthMs, start, i + 2);
  return emit(state, ctx, TokenKind.NoteLength, start, skipWhile(bytes, i, (b) => b === DOT));
});

/**
 * A letter starts a name when another letter follows, otherwise a note, rest, octave
 * set or voice marker, each allowed only before certain characters.
 */
export const letterToken: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  const start = state.index;
  const c = bytes[start]!;
  const atEnd = start + 1 >= bytes.length;
  const n = atEnd ? 0 : bytes[start + 1]!;
  if (isLetter(n)) return emit(state, ctx, TokenKind.Name, start, skipWhile(bytes, start + 1, isNameChar));
  if (isNoteLetter(c) && (atEnd || followsNoteLetter(n))) return emit(state, ctx, TokenKind.NoteLetter, start, start + 1);
  if (c === 114 /* r */ && (atEnd || followsRestLetter(n))) return emit(state, ctx, TokenKind.RestLetter, start, start + 1);
  if (c === 111 /* o */ && (atEnd || isDigit(n))) {
    const end = skipWhile(bytes, start + 1, isDigit);
    if (end < bytes.length && !isTokenBreak(bytes[end]!)) return unexpectedAt(state, end, 'in octave set');
    return emit(state, ctx, TokenKind.OctaveSet, start, end);
  }
  if (c === 86 /* V */ && isDigit(n)) {
    const end = skipWhile(bytes, start + 1, isDigit);
    if (bytes[end] !== 58 /* : */) return unexpectedAt(state, end, 'in voice marker');
    return emit(state, ctx, TokenKind.VoiceMarker, start, end + 1);
  }
  return unexpectedAt(state, start + 1, 'in note/rest/name');
});

/** `'1`, `'1-3`, `'1,3-4,6`: on-repetitions ranges. */
export const repetitions: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  let i = state.index + 1;
  for (;;) {
    if (!isDigit(bytes[i] ?? 0)) return unexpectedAt(state, i, 'in repetitions');
    i = skipWhile(bytes, i, isDigit);
    if (bytes[i] === 45 /* - */) {
      i++;
      if (!isDigit(bytes[i] ?? 0)) return unexpectedAt(state, i, 'in repetitions');
      i = skipWhile(bytes, i, isDigit);
    }
    if (bytes[i] !== 44 /* , */) break;
    i++;
  }
  return emit(state, ctx, TokenKind.Repetitions, state.index, i);
});

/** `*3`, `* 3`: the count must end at white space, `]`, `}` or EOF. */
export const repeat: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  const digits = skipWhile(bytes, state.index + 1, (b) => b === SPACE);
  if (!isDigit(bytes[digits] ?? 0)) return unexpectedAt(state, digits, 'in repeat');
  const end = skipWhile(bytes, digits, isDigit);
  const after = bytes[end];
  if (after !== undefined && !isTokenBreak(after) && after !== 93 && after !== 125) {
    return unexpectedAt(state, end, 'in repeat');
  }
  return emit(state, ctx, TokenKind.Repeat, state.index, end);
});

/** `"strings"`: a part alias; only name characters may stand between the quotes. */
export const alias: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  const end = skipWhile(bytes, state.index + 1, isNameChar);
  if (end >= bytes.length) return problemAt(state, end, 'Unterminated alias');
  if (bytes[end] !== 34) return unexpectedAt(state, end, 'in alias');
  return emit(state, ctx, TokenKind.Alias, state.index, end + 1);
});

const prefixedName = (kind: TokenKind): ScanParser =>
  scanParser((state, ctx) => {
    const { bytes } = ctx;
    const first = state.index + 1;
    if (!isNameChar(bytes[first] ?? 0)) return unexpectedAt(state, first, 'in marker name');
    return emit(state, ctx, kind, state.index, skipWhile(bytes, first, isNameChar));
  });

/** `%chorus` */
export const marker = prefixedName(TokenKind.Marker);
/** `@chorus` */
export const atMarker = prefixedName(TokenKind.AtMarker);

/** Tokens that are exactly their one character: `[ ] { } - + _ / < > : ~ | =`. */
export const singleChar = (kind: TokenKind): ScanParser =>
  scanParser((state, ctx) => emit(state, ctx, kind, state.index, state.index + 1));

export const topLevelChar: ScanParser = scanParser((state) => unexpectedAt(state, state.index, 'at the top level'));
