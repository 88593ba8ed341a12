import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { cannotRead } from '../engine/score-file.js';

export interface SaveWatcherOptions {
  readonly file: string;
  /** Called once per save with the file's text. */
  readonly onSave: (text: string) => void;
  /** The file went away (and did not come back within the atomic-save window), or could not be read. */
  readonly onProblem?: (message: string) => void;
  /**
   * How long the file must be quiet before a save counts, in ms: an editor's save is several
   * events (truncate then write, or write a temp file then rename it over), and one reload is
   * wanted. It must be longer than chokidar's 50 ms change throttle, which drops (not delays) a
   * change that follows another within 50 ms: reading after that window sees its text.
   * @default 80
   */
  readonly quiet?: number;
  /** The same text again within this many ms is the same save seen twice, not a new one. @default 500 */
  readonly repeatWindow?: number;
}

/**
 * One callback per save of a file, from any editor: in-place writes, atomic write-then-rename
 * (VS Code, vim's default), and vim's rename-away-and-write-new. chokidar (notes/stack.md §6)
 * turns a delete followed by a re-add into a change (`atomic`); what is left of a save's burst of
 * events is coalesced here, after `quiet` ms without another.
 *
 *   change/add ─▶ (re)start quiet timer ─▶ read ─▶ same text as just delivered? drop : onSave
 */
export class SaveWatcher {
  readonly #options: SaveWatcherOptions;
  readonly #path: string;
  readonly #watcher: FSWatcher;
  readonly #quiet: number;
  readonly #repeatWindow: number;
  #timer: NodeJS.Timeout | undefined;
  #last: { text: string; at: number } | undefined;
  #closed = false;

  private constructor(options: SaveWatcherOptions) {
    const { quiet = 80, repeatWindow = 500 } = options;
    if (!(quiet >= 60 && quiet <= 5000)) throw new TypeError(`Expected \`quiet\` to be ms from 60 (past chokidar's throttle) to 5000, got ${quiet}`);
    this.#options = options;
    this.#quiet = quiet;
    this.#repeatWindow = repeatWindow;
    this.#path = resolve(options.file);
    this.#watcher = watch(this.#path, { ignoreInitial: true, atomic: true });
    this.#watcher.on('change', () => this.#touched());
    this.#watcher.on('add', () => this.#touched());
    this.#watcher.on('unlink', () => options.onProblem?.(`${options.file} was removed; waiting for it to come back`));
    this.#watcher.on('error', (error) => options.onProblem?.(`Watching ${options.file} failed: ${(error as Error).message}`));
  }

  /** Starts watching; resolves once the watcher is ready, so no save after this is missed. */
  static async open(options: SaveWatcherOptions): Promise<SaveWatcher> {
    const watcher = new SaveWatcher(options);
    await new Promise<void>((done) => watcher.#watcher.once('ready', () => done()));
    return watcher;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#watcher.close();
  }

  #touched(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#read(), this.#quiet);
  }

  async #read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      // Between the unlink and the rename of an atomic save there is no file: the add that follows reads it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#options.onProblem?.(`error: ${cannotRead(this.#options.file, error)}`);
      return;
    }
    if (this.#closed) return;
    const now = Date.now();
    if (this.#last && this.#last.text === text && now - this.#last.at < this.#repeatWindow) return;
    this.#last = { text, at: now };
    this.#options.onSave(text);
  }
}
