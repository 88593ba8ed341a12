import { INSTRUMENTS, stockInstrument } from './instruments.js';

/**
 * A line to show under an Alda error whose text is exact (Alda's own) but cryptic to a newcomer:
 * what most likely went wrong, read from the source around the error. `offset` is where the
 * error is (a UTF-16 index into `text`). Undefined when no hint fits.
 */
export function errorHint(message: string, text: string, offset: number): string | undefined {
  for (const { pattern, hint } of HINTS) {
    const match = pattern.exec(message);
    if (match) return hint(match, text, Math.min(Math.max(offset, 0), text.length));
  }
  return undefined;
}

/** The UTF-16 index of a 1-based line and column (as `FILE:LINE:COL` gives them). */
export function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return text.length;
    start = next + 1;
  }
  // Columns count code points, as Alda's scanner does.
  let offset = start;
  for (let c = 1; c < column && offset < text.length; c++) offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  return offset;
}

type Hint = (match: RegExpExecArray, text: string, offset: number) => string | undefined;

const HINTS: readonly { readonly pattern: RegExp; readonly hint: Hint }[] = [
  { pattern: /^Unexpected '\)' in note\/rest\/name$/, hint: () => 'this ) closes nothing: no ( is open before it' },
  { pattern: /^Unexpected .* in note\/rest\/name$/, hint: upperCaseNote },
  { pattern: /^unterminated S-expression$/, hint: (_, text, offset) => neverClosed('(', text, offset) },
  { pattern: /^unterminated event sequence$/, hint: (_, text, offset) => neverClosed('[', text, offset) },
  { pattern: /^unterminated cram expression$/, hint: (_, text, offset) => neverClosed('{', text, offset) },
  { pattern: /^unrecognized instrument: (.+)$/, hint: ([, name]) => closestInstrument(name!) },
  { pattern: /^undefined variable: (.+)$/, hint: ([, name]) => (stockInstrument(name!) ? `a part starts with a colon after the instrument: ${name}: c d e` : undefined) },
];

/** `piano: C D E`: the word just before the error starts with a capital note letter. */
function upperCaseNote(_: RegExpExecArray, text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  if (!/^[A-G]/.test(text.slice(start, offset))) return undefined;
  const end = text.indexOf('\n', start);
  const rest = text.slice(start, end === -1 ? undefined : end).trim();
  return `notes are lower-case: ${(rest.length > 40 ? rest.slice(0, 40) + '…' : rest).toLowerCase()}`;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Where the innermost `opener` still open at `offset` was opened (comments and strings skipped). */
function neverClosed(opener: string, text: string, offset: number): string | undefined {
  const open: { char: string; at: number }[] = [];
  for (let i = 0; i < offset; i++) {
    const char = text[i]!;
    if (char === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? offset : end;
    } else if (char === '"') {
      const end = text.indexOf('"', i + 1);
      i = end === -1 ? offset : end;
    } else if (CLOSERS[char]) {
      open.push({ char, at: i });
    } else if (open.length > 0 && CLOSERS[open.at(-1)!.char] === char) {
      open.pop();
    }
  }
  const unclosed = open.filter((o) => o.char === opener).at(-1);
  if (!unclosed) return undefined;
  const before = text.slice(0, unclosed.at).split('\n');
  return `the ${opener} at ${before.length}:${[...before.at(-1)!].length + 1} is never closed with ${CLOSERS[opener]}`;
}

/** An instrument name mistyped: the same name in lower case, or the nearest by edit distance. */
function closestInstrument(name: string): string {
  const list = '`alda-live instruments` lists them';
  if (stockInstrument(name.toLowerCase())) return `instrument names are lower-case: ${name.toLowerCase()}`;
  let best: { name: string; distance: number } | undefined;
  for (const instrument of INSTRUMENTS) {
    for (const candidate of [instrument.name, ...instrument.aliases]) {
      const distance = editDistance(name.toLowerCase(), candidate);
      if (!best || distance < best.distance) best = { name: candidate, distance };
    }
  }
  return best && best.distance <= (name.length >= 5 ? 2 : 1) ? `did you mean ${best.name}? (${list})` : list;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
