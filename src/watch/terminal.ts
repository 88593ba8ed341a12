/**
 * The watcher's output: lines that scroll (each save, each error) and, on a terminal, one status
 * line kept at the bottom and redrawn in place. Without a terminal (a pipe, a test), the status
 * line is left out and only the lines are written.
 */
export class Terminal {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #status = '';

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  line(text: string): void {
    if (this.#tty) this.#out.write(`\r\x1b[2K${text}\n${this.#fit(this.#status)}`);
    else this.#out.write(text + '\n');
  }

  status(text: string): void {
    if (!this.#tty || text === this.#status) return;
    this.#status = text;
    this.#out.write(`\r\x1b[2K${this.#fit(text)}`);
  }

  /** Leaves the status line where it is and moves below it. */
  end(): void {
    if (this.#tty && this.#status !== '') this.#out.write('\n');
    this.#status = '';
  }

  #fit(text: string): string {
    const width = this.#out.columns ?? 100;
    return text.length > width - 1 ? text.slice(0, width - 2) + '…' : text;
  }
}
