/**
 * Alda text → tokens. Like Alda's scanner, this runs over the whole text before the
 * parser starts, so a bad character anywhere is reported before any grammar error.
 * Every token parser scans in place over the bytes: arcsecond's regex-based parsers
 * copy the rest of the input on each call, which made a 100 KB score take 97 s.
 */
import { many, withData } from 'arcsecond';
import type { Parser } from 'arcsecond';
import { AldaSyntaxError } from '../../lisp/errors.js';
import { describeChar, isDigit, isLetter, isSymbolChar } from './characters.js';
import { alias, atMarker, letterToken, marker, noteLength, repeat, repetitions, singleChar, topLevelChar } from './scan-alda.js';
import { emit, problemAt, scanParser, skipTrivia } from './scan-context.js';
import type { ScanContext, ScanParser, ScanProblem } from './scan-context.js';
import { lispBadChar, lispNumber, lispQuote, lispString, lispSymbol } from './scan-lisp.js';
import { TokenBuffer, TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';
import { utf16Offsets } from './utf16-offsets.js';
import { moveTo } from './parser-state.js';

/** White space and comments before the first token (every token skips those after it). */
const leadingTrivia: ScanParser = scanParser((state, ctx) => {
  const i = skipTrivia(ctx, state.index);
  return i === state.index ? state : moveTo(state, null, i);
});

const openParen: ScanParser = scanParser((state, ctx) => {
  const next = emit(state, ctx, TokenKind.LeftParen, state.index, state.index + 1);
  ctx.level++;
  return next;
});

const closeParen: ScanParser = scanParser((state, ctx) => {
  const next = emit(state, ctx, TokenKind.RightParen, state.index, state.index + 1);
  ctx.level--;
  return next;
});

function aldaTable(): ScanParser[] {
  const table: ScanParser[] = new Array<ScanParser>(256).fill(topLevelChar);
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

function lispTable(): ScanParser[] {
  const table: ScanParser[] = [];
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

/** One token, chosen by its first byte and the current mode; none at the end. */
const token: ScanParser = scanParser((state, ctx) =>
  state.index < ctx.bytes.length
    ? (ctx.level > 0 ? LISP : ALDA)[ctx.bytes[state.index]!]!.p(state)
    : problemAt(state, state.index, 'end of input'),
);

// arcsecond's `many` is typed for string errors only.
const manyTokens = many(token as unknown as Parser<null>) as unknown as ScanParser;

/**
 * `many` stops silently at the first token that fails; the input must then be at its
 * end, or that token is scanned once more to report its error.
 */
const tokens = leadingTrivia.chain(() => manyTokens).chain(() =>
  scanParser((state, ctx) => (state.index >= ctx.bytes.length ? state : token.p(state))),
);

export function scan(text: string): TokenStream {
  const bytes = encode(text);
  const toUtf16 = utf16Offsets(text, bytes.length);
  const ctx: ScanContext = { bytes, tokens: new TokenBuffer((bytes.length >> 1) + 16), toUtf16, line: 1, level: 0 };
  const result = withData<null, ScanProblem, ScanContext>(tokens)(ctx).run(bytes);
  if (result.isError) throw scanError(text, result.error, toUtf16);
  ctx.tokens.push(TokenKind.EOF, text.length, text.length, ctx.line);
  return ctx.tokens.finish(text);
}

function encode(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  // arcsecond views the whole underlying buffer, so it must be exactly the text.
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length ? bytes : bytes.slice();
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
