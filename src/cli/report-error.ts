import { InvalidArgumentError } from 'commander';
import { AldaError } from '../lisp/errors.js';
import { SourceText } from '../lisp/source.js';

/**
 * Prints what went wrong the way Alda does (`FILE:LINE:COL message`) and sets exit
 * code 1. Anything that is not a user's error is a bug, and says so.
 */
export function reportError(error: unknown, text?: string, name?: string): void {
  process.exitCode = 1;
  if (error instanceof AldaError) {
    process.stderr.write(error.describe(new SourceText(text ?? '', name)) + '\n');
  } else if (error instanceof InvalidArgumentError) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`Oops! Something went wrong. This is a bug in alda-live; please report it.\n${detail}\n`);
  }
}
