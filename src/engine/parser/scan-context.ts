import type { TokenBuffer, TokenKind } from './tokens.js';

/**
 * What the scanner's token rules share while they run over the UTF-8 bytes.
 * The scanner never backtracks (every token is decided by its first byte or two), so
 * its rules append to `tokens` and advance `level` as they succeed, and the
 * first failure ends the scan.
 */
export interface ScanContext {
  readonly bytes: Uint8Array;
  readonly tokens: TokenBuffer;
  /** UTF-8 byte offset → UTF-16 offset; the identity when the text is ASCII. */
  readonly toUtf16: (byteOffset: number) => number;
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

/**
 * Scans the token that starts at byte `start`, appends it and returns the byte where the
 * next one starts (past white space and comments); throws a ScanFailure where it cannot.
 * A plain loop drives the rules: one arcsecond state per token was a third of the scan.
 */
export type TokenRule = (ctx: ScanContext, start: number) => number;

/** Ends the scan at the first bad character. */
export class ScanFailure {
  constructor(readonly problem: ScanProblem) {}
}

/** Append a token covering bytes [start, end) and return where the next token starts. */
export function emit(ctx: ScanContext, kind: TokenKind, start: number, end: number): number {
  ctx.tokens.push(kind, ctx.toUtf16(start), ctx.toUtf16(end));
  return skipTrivia(ctx, end);
}

/** Past white space and `#` comments (the same in both modes). */
export function skipTrivia(ctx: ScanContext, from: number): number {
  const { bytes } = ctx;
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 35 /* # */) {
      while (i < bytes.length && bytes[i] !== 10) i++;
      continue;
    } else if (b !== 32 && b !== 10 && b !== 9 && b !== 13) break;
    i++;
  }
  return i;
}

/** "Unexpected <char at offset> <context>", Alda's unexpectedCharError. */
export const unexpectedAt = (offset: number, context: string): never => {
  throw new ScanFailure({ message: context, offset, unexpected: true });
};

export const problemAt = (offset: number, message: string): never => {
  throw new ScanFailure({ message, offset, unexpected: false });
};

/** Index of the first byte at or after `from` that fails `test`. */
export function skipWhile(bytes: Uint8Array, from: number, test: (b: number) => boolean): number {
  let i = from;
  while (i < bytes.length && test(bytes[i]!)) i++;
  return i;
}
