import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AldaError } from '../../src/lisp/errors.js';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { scoreDataText } from '../../src/engine/score-data.js';

/** test/fixtures/, where the corpus, Alda's outputs and the benchmark scores are copied. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface AldaEventJson {
  readonly [key: string]: string | number;
}

export interface DataOutcome {
  readonly exit: 0 | 1;
  readonly output?: { events: AldaEventJson[]; markers: Record<string, number> };
  /** The output as printed, without its final newline. */
  readonly text?: string;
  readonly error?: AldaError;
}

/** What our `parse -o data` gives for a score, in-process. */
export function parseData(text: string): DataOutcome {
  try {
    const score = new Score();
    score.evaluate(parseAlda(text));
    const printed = scoreDataText(score.state).replace(/\n$/, '');
    return { exit: 0, output: JSON.parse(printed), text: printed };
  } catch (error) {
    if (error instanceof AldaError) return { exit: 1, error };
    throw error;
  }
}

const FIELDS = ['part', 'offset', 'midi-note', 'duration', 'audible-duration', 'midi-channel', 'volume', 'track-volume', 'panning'];

const closeEnough = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

function compareEvents(a: AldaEventJson, b: AldaEventJson): number {
  for (const field of FIELDS) {
    const x = a[field]!;
    const y = b[field]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** The conformance rule of test/fixtures/conformance/README.md; returns the first difference, or null. */
export function eventsDiffer(ours: readonly AldaEventJson[], theirs: readonly AldaEventJson[]): string | null {
  if (ours.length !== theirs.length) return `${ours.length} events instead of ${theirs.length}`;
  const a = [...ours].sort(compareEvents);
  const b = [...theirs].sort(compareEvents);
  for (let i = 0; i < a.length; i++) {
    for (const field of FIELDS) {
      const x = a[i]![field]!;
      const y = b[i]![field]!;
      const same = typeof x === 'number' && typeof y === 'number' ? closeEnough(x, y) : x === y;
      if (!same) return `event #${i} (sorted): ${field} is ${x}, expected ${y}\n ours: ${JSON.stringify(a[i])}\n alda: ${JSON.stringify(b[i])}`;
    }
  }
  return null;
}

export function markersDiffer(ours: Record<string, number>, theirs: Record<string, number>): string | null {
  const names = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
  for (const name of names) {
    if (!(name in ours) || !(name in theirs) || !closeEnough(ours[name]!, theirs[name]!)) {
      return `marker ${name}: ${ours[name]} instead of ${theirs[name]}`;
    }
  }
  return null;
}

export const readFixture = (path: string): string => readFileSync(FIXTURES + path, 'utf8');

/** JSON without the whitespace between tokens: a pretty-printed fixture as Alda printed it (one line). */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      out += c;
    }
  }
  return out;
}

/** The text of the first JSON value that follows `key` in `line`, exactly as written there. */
export function rawJsonAfter(line: string, key: string): string {
  const start = line.indexOf(key) + key.length;
  if (start < key.length) throw new Error(`no ${key} in ${line.slice(0, 80)}`);
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return line.slice(start, i + 1);
  }
  throw new Error(`unterminated JSON after ${key}`);
}

/** Where two texts first differ, with some context on each side. */
export function firstDifference(ours: string, theirs: string): string {
  let i = 0;
  while (i < ours.length && ours[i] === theirs[i]) i++;
  const around = (text: string) => text.slice(Math.max(0, i - 120), i + 120);
  return `first difference at character ${i}\n ours: ${around(ours)}\n alda: ${around(theirs)}`;
}
