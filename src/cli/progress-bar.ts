/** How long a job runs before it earns a progress bar: shorter ones finish before it would help. */
const SHOW_AFTER_MS = 1000;
const WIDTH = 30;

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar, if one was drawn. */
  finish(): void;
}

/**
 * A one-line progress bar on a terminal, drawn only once the work has taken a second; on
 * anything that is not a terminal (a pipe, a log file, a test) it draws nothing.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  let drawn = false;
  let lastPercent = -1;
  return {
    update(done, total) {
      if (!stream.isTTY || performance.now() - started < SHOW_AFTER_MS) return;
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
