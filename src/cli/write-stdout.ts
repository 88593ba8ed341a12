import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes `bytes` to standard output whole before returning, so that the caller may reuse
 * them (a big `parse -o data` goes out through one buffer). Standard output may be a
 * non-blocking pipe whose reader is slower than us: then wait a moment and go on. A reader
 * that stopped early (`| head`) ends the process quietly, as for the stream (main.ts).
 */
export function writeStdoutSync(bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(1, bytes, at, bytes.length - at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
