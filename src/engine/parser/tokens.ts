/**
 * The tokens of Alda 2 notation, as its scanner (client/parser/scanner.go) defines them.
 * Tokens are stored as parallel typed arrays rather than objects: a 1 MB score has
 * ~400k tokens, and the parser only needs each one's kind, span and (rarely) line.
 */
import { lineIndex } from './line-index.js';

export const TokenKind = {
  Alias: 0,
  AtMarker: 1,
  Barline: 2,
  Colon: 3,
  CramClose: 4,
  CramOpen: 5,
  EOF: 6,
  Equals: 7,
  EventSeqClose: 8,
  EventSeqOpen: 9,
  Flat: 10,
  LeftParen: 11,
  Marker: 12,
  Name: 13,
  Natural: 14,
  NoteLength: 15,
  NoteLengthMs: 16,
  /** `2s`: printed by Alda 2.4.3 as `{"s": 2}`. */
  NoteLengthSeconds: 17,
  NoteLetter: 18,
  Number: 19,
  OctaveDown: 20,
  OctaveSet: 21,
  OctaveUp: 22,
  Repetitions: 23,
  RestLetter: 24,
  RightParen: 25,
  Separator: 26,
  Sharp: 27,
  SingleQuote: 28,
  String: 29,
  Symbol: 30,
  Tie: 31,
  Repeat: 32,
  VoiceMarker: 33,
} as const;

export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** How Alda's error messages name each kind ("Unexpected end of cram expression `}` …"). */
const KIND_NAMES: readonly string[] = [
  'alias',
  'at-marker',
  'barline',
  'colon',
  'end of cram expression',
  'start of cram expression',
  'EOF',
  'equals sign',
  'end of event sequence',
  'start of event sequence',
  'flat',
  'open parenthesis',
  'marker',
  'name',
  'natural',
  'note length',
  'note length (ms)',
  'note length (s)',
  'note letter',
  'number',
  'octave down instruction',
  'octave instruction',
  'octave up instruction',
  'repetitions',
  'rest indicator',
  'close parenthesis',
  'separator',
  'sharp',
  'single quote',
  'string',
  'symbol',
  'tie',
  'repeat operator',
  'voice marker',
];

export function kindName(kind: number): string {
  return KIND_NAMES[kind] ?? `token ${kind}`;
}

/** The scanner's output: token i is `kinds[i]` over `text.slice(starts[i], ends[i])`. */
export interface TokenStream {
  readonly text: string;
  readonly count: number;
  /** Exactly `count` bytes long, with its own buffer: the parser runs arcsecond over it. */
  readonly kinds: Uint8Array;
  /** UTF-16 offsets into `text`. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1-based line of token i's first character (variable definitions need it). */
  readonly line: (i: number) => number;
}

/** A growable token store, filled in source order by the scanner. */
export class TokenBuffer {
  // Fields private to TypeScript, not `#private`: until V8 optimizes the code that runs per token or
  // note, a `#field` is read through a keyed lookup (≈30 instructions more each time, ≈4% of
  // compiling a 100 KB score, which is never optimized: see src/cli/compiler-tiering.ts).
  private kindColumn: Uint8Array;
  private startColumn: Int32Array;
  private endColumn: Int32Array;
  private filled = 0;

  /** Scores run at about one token per two bytes; sizing for that avoids regrowing. */
  constructor(expected = 1024) {
    const size = Math.max(16, expected);
    this.kindColumn = new Uint8Array(size);
    this.startColumn = new Int32Array(size);
    this.endColumn = new Int32Array(size);
  }

  push(kind: TokenKind, start: number, end: number): void {
    if (this.filled === this.kindColumn.length) this.grow();
    const i = this.filled++;
    this.kindColumn[i] = kind;
    this.startColumn[i] = start;
    this.endColumn[i] = end;
  }

  finish(text: string): TokenStream {
    const n = this.filled;
    const starts = this.startColumn.subarray(0, n);
    const lineAt = lineIndex(text);
    return {
      text,
      count: n,
      kinds: this.kindColumn.slice(0, n),
      starts,
      ends: this.endColumn.subarray(0, n),
      line: (i) => lineAt(starts[i]!),
    };
  }

  private grow(): void {
    const size = this.kindColumn.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kindColumn);
    this.kindColumn = kinds;
    const starts = new Int32Array(size);
    starts.set(this.startColumn);
    this.startColumn = starts;
    const ends = new Int32Array(size);
    ends.set(this.endColumn);
    this.endColumn = ends;
  }
}
