import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How many inputs the history keeps across sessions. */
export const HISTORY_LIMIT = 1000;

/** The history file: `repl-history` in the state dir (`$ALDA_LIVE_STATE_DIR`, else the XDG state dir). */
export const historyFile = (stateDir: string): string => join(stateDir, 'repl-history');

/**
 * The REPL's history across sessions. Each input is one JSON string per line, so an input of
 * several lines stays one entry. A damaged line is skipped, never fatal: the history is a
 * convenience, and a REPL that cannot start because of it would be worse than none.
 */
export class History {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  load(): string[] {
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch {
      return [];
    }
    const entries: string[] = [];
    for (const line of text.split('\n')) {
      try {
        const entry: unknown = JSON.parse(line);
        if (typeof entry === 'string' && entry !== '') entries.push(entry);
      } catch {
        // A torn or foreign line: skip it.
      }
    }
    if (entries.length > HISTORY_LIMIT * 2) this.#rewrite(entries.slice(-HISTORY_LIMIT));
    return entries.slice(-HISTORY_LIMIT);
  }

  /** Adds an input; a file that cannot be written costs the history, not the session. */
  add(entry: string): void {
    try {
      mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
      appendFileSync(this.#file, JSON.stringify(entry) + '\n', { mode: 0o600 });
    } catch {
      // Read-only or full disk: the REPL goes on without saving history.
    }
  }

  #rewrite(entries: readonly string[]): void {
    try {
      writeFileSync(this.#file, entries.map((entry) => JSON.stringify(entry) + '\n').join(''), { mode: 0o600 });
    } catch {
      // As in `add`.
    }
  }
}
