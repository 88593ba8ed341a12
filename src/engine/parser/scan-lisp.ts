/** Token rules for Lisp mode (inside parentheses): strings, numbers, symbols, quotes. */
import { isDigit, isSymbolChar } from './characters.js';
import { emit, problemAt, skipWhile, unexpectedAt } from './scan-context.js';
import type { TokenRule } from './scan-context.js';
import { TokenKind } from './tokens.js';

const QUOTE = 34;

/** `"…"`: no escapes, newlines allowed, as in Alda. */
export const lispString: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  let i = start + 1;
  while (i < bytes.length && bytes[i] !== QUOTE) i++;
  if (i >= bytes.length) return problemAt(i, 'Unterminated string');
  return emit(ctx, TokenKind.String, start, i + 1);
};

/** `-3`, `7.5`, `-`, `1` of `1/2`: a leading `-` or digit, digits, one optional fraction. */
export const lispNumber: TokenRule = (ctx, start) => {
  const { bytes } = ctx;
  let i = skipWhile(bytes, start + 1, isDigit);
  if (bytes[i] === 46 && isDigit(bytes[i + 1] ?? 0)) i = skipWhile(bytes, i + 1, isDigit);
  return emit(ctx, TokenKind.Number, start, i);
};

export const lispSymbol: TokenRule = (ctx, start) => emit(ctx, TokenKind.Symbol, start, skipWhile(ctx.bytes, start + 1, isSymbolChar));

export const lispQuote: TokenRule = (ctx, start) => emit(ctx, TokenKind.SingleQuote, start, start + 1);

export const lispBadChar: TokenRule = (_ctx, start) => unexpectedAt(start, 'in S-expression');
