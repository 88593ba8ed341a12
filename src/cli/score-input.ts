import { readFileSync } from 'node:fs';
import { readScoreFile } from '../engine/score-file.js';
import { UsageError } from './usage-error.js';

/** Where a command's Alda text comes from: `-f FILE`, `-c CODE`, or standard input. */
export interface ScoreInput {
  readonly text: string;
  /** The name errors are reported under: the file's path, or `<no file>` as Alda says. */
  readonly name: string;
}

/** The name of a score given with `-c` or on standard input, in messages (as Alda's). */
export const NO_FILE = '<no file>';

/**
 * The longest score a local command (parse, export) reads: the user chose the file, so it may be
 * far longer than what the server takes over the wire (1 Mi characters, docs/security.md); the
 * step and note budgets still apply.
 */
export const LOCAL_SCORE_LENGTH = 64 * 1024 * 1024;

export interface ScoreInputOptions {
  readonly file?: string;
  readonly code?: string;
}

export function readScoreInput(options: ScoreInputOptions): ScoreInput {
  if (options.file !== undefined && options.code !== undefined) {
    throw new UsageError('give either -f FILE or -c CODE, not both');
  }
  if (options.code !== undefined) return { text: options.code, name: NO_FILE };
  if (options.file !== undefined) return { text: readScoreFile(options.file), name: options.file };
  if (process.stdin.isTTY) throw new UsageError('no score given: use -f FILE, -c CODE, or pipe a score into standard input');
  return { text: readFileSync(0, 'utf8'), name: NO_FILE };
}

