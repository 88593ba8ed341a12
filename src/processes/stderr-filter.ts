import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * libasound complains on fd 2 whenever JZZ or the audio output looks for a device that is not
 * there ("ALSA lib seq_hw.c:466:(snd_seq_hw_open) open /dev/snd/seq failed …"). Those lines are
 * noise to a user, so the processes that load JZZ run with a piped stderr read through this.
 */
export function isAlsaNoise(line: string): boolean {
  return line.startsWith('ALSA lib ') || /^Cannot connect to server socket|^jack server is not running/.test(line);
}

/** Forwards every line of `stream` but ALSA's noise to `write`. */
export function filterStderr(stream: Readable, write: (line: string) => void): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!isAlsaNoise(line)) write(line);
  });
}
