const WIDTH = 30;

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar, if one was drawn. */
  finish(): void;
}

export interface ProgressOptions {
  /** Where to draw; standard error unless told. Nothing is drawn unless it is a terminal. */
  readonly stream?: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>;
  /** How long the work runs before it earns a bar: shorter jobs finish before one would help. @default 1000 */
  readonly showAfterMs?: number;
  /** The clock, in ms. @default performance.now */
  readonly now?: () => number;
}

/**
 * A one-line progress bar on a terminal, drawn only once the work has taken a second and
 * redrawn only when the percentage changes; on anything that is not a terminal (a pipe, a log
 * file, a test) it draws nothing.
 */
export function progressBar(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const showAfter = options.showAfterMs ?? 1000;
  const started = now();
  let drawn = false;
  let lastPercent = -1;
  return {
    update(done, total) {
      if (!stream.isTTY || now() - started < showAfter) return;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const percent = Math.floor(fraction * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      const filled = Math.round(fraction * WIDTH);
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}%`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
