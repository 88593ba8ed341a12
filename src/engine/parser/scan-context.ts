import { Parser, updateError } from 'arcsecond';
import { moveTo } from './parser-state.js';
import type { ParserState } from 'arcsecond';
import type { TokenBuffer, TokenKind } from './tokens.js';

/**
 * What the scanner's token parsers share while they run over the UTF-8 bytes.
 * The scanner never backtracks (every token is decided by its first byte or two), so
 * its parsers can append to `tokens` and advance `line` and `level` as they succeed;
 * a failed token changes nothing.
 */
export interface ScanContext {
  readonly bytes: Uint8Array;
  readonly tokens: TokenBuffer;
  /** UTF-8 byte offset → UTF-16 offset; the identity when the text is ASCII. */
  readonly toUtf16: (byteOffset: number) => number;
  line: number;
  /** Parenthesis depth: above 0 the scanner is in Lisp mode, as Alda's `sexpLevel`. */
  level: number;
}

/** A scanner failure: Alda's message and the byte where it points. */
export interface ScanProblem {
  readonly message: string;
  readonly offset: number;
  /** Name the character at `offset` in front of the message ("Unexpected 'x' …"). */
  readonly unexpected: boolean;
}

// arcsecond types its states by result; the scanner's results are unused.
export type ScanState = ParserState<any, ScanProblem, ScanContext>;
export type ScanParser = Parser<null, ScanProblem, ScanContext>;

export const scanParser = (fn: (state: ScanState, ctx: ScanContext) => ScanState): ScanParser =>
  new Parser<null, ScanProblem, ScanContext>((state) => fn(state, state.data as ScanContext));

/**
 * Append a token covering bytes [start, end) and move the parser past it and the white
 * space and comments after it, so that one parser state is made per token.
 */
export function emit(state: ScanState, ctx: ScanContext, kind: TokenKind, start: number, end: number): ScanState {
  ctx.tokens.push(kind, ctx.toUtf16(start), ctx.toUtf16(end), ctx.line);
  return moveTo(state, null, skipTrivia(ctx, end));
}

/** Past white space and `#` comments (the same in both modes), counting lines. */
export function skipTrivia(ctx: ScanContext, from: number): number {
  const { bytes } = ctx;
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 10) ctx.line++;
    else if (b === 35 /* # */) {
      while (i < bytes.length && bytes[i] !== 10) i++;
      continue;
    } else if (b !== 32 && b !== 9 && b !== 13) break;
    i++;
  }
  return i;
}

/** "Unexpected <char at offset> <context>", Alda's unexpectedCharError. */
export const unexpectedAt = (state: ScanState, offset: number, context: string): ScanState =>
  updateError(state, { message: context, offset, unexpected: true });

export const problemAt = (state: ScanState, offset: number, message: string): ScanState =>
  updateError(state, { message, offset, unexpected: false });

/** Index of the first byte at or after `from` that fails `test`. */
export function skipWhile(bytes: Uint8Array, from: number, test: (b: number) => boolean): number {
  let i = from;
  while (i < bytes.length && test(bytes[i]!)) i++;
  return i;
}
