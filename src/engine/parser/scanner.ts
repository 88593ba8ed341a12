/**
 * Alda text → tokens. Like Alda's scanner, this runs over the whole text before the
 * parser starts, so a bad character anywhere is reported before any grammar error.
 * Each token is chosen by its first byte and scanned in place over the bytes by a rule
 * of scan-alda.ts or scan-lisp.ts; a plain loop drives them, as the scanner never
 * backtracks (arcsecond, the grammar's library, made a parser state per token here).
 */
import { AldaSyntaxError } from '../../lisp/errors.js';
import { describeChar, isDigit, isLetter, isSymbolChar } from './characters.js';
import { alias, atMarker, letterToken, marker, noteLength, repeat, repetitions, singleChar, topLevelChar } from './scan-alda.js';
import { emit, ScanFailure, skipTrivia } from './scan-context.js';
import type { ScanContext, ScanProblem, TokenRule } from './scan-context.js';
import { lispBadChar, lispNumber, lispQuote, lispString, lispSymbol } from './scan-lisp.js';
import { TokenBuffer, TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';
import { utf16Offsets } from './utf16-offsets.js';

const openParen: TokenRule = (ctx, start) => {
  const next = emit(ctx, TokenKind.LeftParen, start, start + 1);
  ctx.level++;
  return next;
};

const closeParen: TokenRule = (ctx, start) => {
  const next = emit(ctx, TokenKind.RightParen, start, start + 1);
  ctx.level--;
  return next;
};

function aldaTable(): TokenRule[] {
  const table: TokenRule[] = new Array<TokenRule>(256).fill(topLevelChar);
  const singles: [string, TokenKind][] = [
    ['{', TokenKind.CramOpen], ['}', TokenKind.CramClose], ['[', TokenKind.EventSeqOpen],
    [']', TokenKind.EventSeqClose], ['-', TokenKind.Flat], ['+', TokenKind.Sharp], ['_', TokenKind.Natural],
    ['/', TokenKind.Separator], ['<', TokenKind.OctaveDown], ['>', TokenKind.OctaveUp], [':', TokenKind.Colon],
    ['~', TokenKind.Tie], ['|', TokenKind.Barline], ['=', TokenKind.Equals],
  ];
  for (const [c, kind] of singles) table[c.charCodeAt(0)] = singleChar(kind);
  for (let b = 0; b < 128; b++) {
    if (isDigit(b)) table[b] = noteLength;
    else if (isLetter(b)) table[b] = letterToken;
  }
  table[39] = repetitions;
  table[42] = repeat;
  table[34] = alias;
  table[37] = marker;
  table[64] = atMarker;
  table[40] = openParen;
  table[41] = closeParen;
  return table;
}

function lispTable(): TokenRule[] {
  const table: TokenRule[] = [];
  for (let b = 0; b < 256; b++) {
    table[b] = b === 45 || isDigit(b) ? lispNumber : isSymbolChar(b) ? lispSymbol : lispBadChar;
  }
  table[39] = lispQuote;
  table[34] = lispString;
  table[40] = openParen;
  table[41] = closeParen;
  return table;
}

const ALDA = aldaTable();
const LISP = lispTable();

export function scan(text: string): TokenStream {
  const bytes = new TextEncoder().encode(text);
  const toUtf16 = utf16Offsets(text, bytes.length);
  const ctx: ScanContext = { bytes, tokens: new TokenBuffer((bytes.length >> 1) + 16), toUtf16, level: 0 };
  try {
    let i = skipTrivia(ctx, 0);
    while (i < bytes.length) i = (ctx.level > 0 ? LISP : ALDA)[bytes[i]!]!(ctx, i);
  } catch (error) {
    if (error instanceof ScanFailure) throw scanError(text, error.problem, toUtf16);
    throw error;
  }
  ctx.tokens.push(TokenKind.EOF, text.length, text.length);
  return ctx.tokens.finish(text);
}

function scanError(text: string, problem: ScanProblem, toUtf16: (b: number) => number): AldaSyntaxError {
  const at = toUtf16(problem.offset);
  if (!problem.unexpected) return new AldaSyntaxError('ALDA_UNTERMINATED', problem.message, { start: at, end: at });
  const codePoint = at < text.length ? text.codePointAt(at)! : 0;
  const width = codePoint > 0xffff ? 2 : at < text.length ? 1 : 0;
  return new AldaSyntaxError(
    'ALDA_UNEXPECTED_CHAR',
    `Unexpected ${describeChar(codePoint)} ${problem.message}`,
    { start: at, end: at + width },
  );
}
