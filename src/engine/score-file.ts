import { readFileSync } from 'node:fs';

/** A score file cannot be read (no such file, a folder, no permission). */
export class CannotReadError extends Error {
  readonly code = 'ALDA_CANNOT_READ';
}

/** Reads a score file, saying why not in the one form every command, the REPL and `watch` use. */
export function readScoreFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CannotReadError(cannotRead(path, error));
  }
}

/** `cannot read FILE: no such file or directory`, from the file system's error. */
export function cannotRead(path: string, error: unknown): string {
  // Node's message is `ENOENT: no such file or directory, open '…'`: the words in the middle say it.
  const { code, message } = error as NodeJS.ErrnoException;
  const why = /^[A-Z]+: (.*?), \w+(?: '.*')?$/.exec(message)?.[1] ?? code ?? message;
  return `cannot read ${path}: ${why}`;
}
