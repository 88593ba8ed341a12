/** Token parsers for Lisp mode (inside parentheses): strings, numbers, symbols, quotes. */
import { isDigit, isSymbolChar } from './characters.js';
import { emit, problemAt, scanParser, skipTrivia, skipWhile, unexpectedAt } from './scan-context.js';
import { moveTo } from './parser-state.js';
import type { ScanParser } from './scan-context.js';
import { TokenKind } from './tokens.js';

const QUOTE = 34;
const LF = 10;

/** `"…"`: no escapes, newlines allowed, as in Alda. */
export const lispString: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  let i = state.index + 1;
  let newlines = 0;
  while (i < bytes.length && bytes[i] !== QUOTE) {
    if (bytes[i] === LF) newlines++;
    i++;
  }
  if (i >= bytes.length) return problemAt(state, i, 'Unterminated string');
  // The token's line is where it starts; the lines inside it count from the next token on.
  ctx.tokens.push(TokenKind.String, ctx.toUtf16(state.index), ctx.toUtf16(i + 1), ctx.line);
  ctx.line += newlines;
  return moveTo(state, null, skipTrivia(ctx, i + 1));
});

/** `-3`, `7.5`, `-`, `1` of `1/2`: a leading `-` or digit, digits, one optional fraction. */
export const lispNumber: ScanParser = scanParser((state, ctx) => {
  const { bytes } = ctx;
  let i = skipWhile(bytes, state.index + 1, isDigit);
  if (bytes[i] === 46 && isDigit(bytes[i + 1] ?? 0)) i = skipWhile(bytes, i + 1, isDigit);
  return emit(state, ctx, TokenKind.Number, state.index, i);
});

export const lispSymbol: ScanParser = scanParser((state, ctx) =>
  emit(state, ctx, TokenKind.Symbol, state.index, skipWhile(ctx.bytes, state.index + 1, isSymbolChar)),
);

export const lispQuote: ScanParser = scanParser((state, ctx) =>
  emit(state, ctx, TokenKind.SingleQuote, state.index, state.index + 1),
);

export const lispBadChar: ScanParser = scanParser((state) => unexpectedAt(state, state.index, 'in S-expression'));
