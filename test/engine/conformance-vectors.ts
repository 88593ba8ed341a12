/** The cases of test/fixtures/conformance/vectors.jsonl that bear on the parser. */
import { readFileSync } from 'node:fs';
import { fixture } from '../support/fixtures.js';

export const VECTORS_PATH = fixture('conformance/vectors.jsonl');

interface Outcome {
  readonly exit: number;
  readonly output?: unknown;
  readonly stderr?: string;
}

export interface Vector {
  readonly feature: string;
  readonly input?: string;
  readonly oracle?: { readonly data?: Outcome; readonly events?: Outcome };
}

export const vectors = (): Vector[] =>
  readFileSync(VECTORS_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Vector);

/** Alda's parse-stage messages; any other failure happens later, in evaluation. */
const SYNTAX_MESSAGE = /^(Unexpected |Unterminated |unterminated |there must be at least one event on the same line)/;

/** `<no file>:1:10 Unexpected 'c' in octave set` → position and message, when a syntax error. */
export function syntaxError(stderr: string | undefined): { where: string; message: string } | undefined {
  const match = /^<no file>:(\d+:\d+) (.*)$/s.exec((stderr ?? '').trim());
  if (!match || !SYNTAX_MESSAGE.test(match[2]!)) return undefined;
  return { where: match[1]!, message: match[2]! };
}
