import { closeSync, openSync, writeSync } from 'node:fs';

const HEADER_BYTES = 44;
/** A RIFF size field is 32 bits: a 16-bit stereo file ends at about 6.7 hours at 44.1 kHz. */
const MAX_DATA_BYTES = 0xffffffff - HEADER_BYTES;

/** The WAV file would pass the 4 GB limit of the format. */
export class WavTooLongError extends Error {
  readonly code = 'ALDA_WAV_TOO_LONG';
}

/**
 * Writes 16-bit PCM stereo WAV to a file block by block, so a long render never holds the
 * whole audio in memory; the sizes in the header are filled in by `close`. Samples are
 * floats in [-1, 1]; anything beyond is clipped, never rescaled (`MasterBus` keeps them
 * under its ceiling before they get here).
 */
export class WavWriter {
  readonly sampleRate: number;
  readonly #fd: number;
  #dataBytes = 0;
  #closed = false;

  constructor(path: string, sampleRate: number) {
    this.sampleRate = sampleRate;
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, header(sampleRate, 0));
  }

  /** Frames written so far. */
  get frames(): number {
    return this.#dataBytes / 4;
  }

  write(left: Float32Array, right: Float32Array, count = left.length): void {
    if (this.#dataBytes + count * 4 > MAX_DATA_BYTES) {
      throw new WavTooLongError('The audio is too long for a WAV file (4 GB); export a part of it with --from/--to');
    }
    const samples = new Int16Array(count * 2);
    for (let i = 0; i < count; i++) {
      samples[2 * i] = toInt16(left[i]!);
      samples[2 * i + 1] = toInt16(right[i]!);
    }
    const bytes = new Uint8Array(samples.buffer);
    if (!LITTLE_ENDIAN) swapPairs(bytes);
    writeSync(this.#fd, bytes);
    this.#dataBytes += bytes.length;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      writeSync(this.#fd, header(this.sampleRate, this.#dataBytes), 0, HEADER_BYTES, 0);
    } finally {
      closeSync(this.#fd);
    }
  }
}

/** WAV is little-endian; typed arrays use the machine's order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapPairs(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += 2) {
    const low = bytes[i]!;
    bytes[i] = bytes[i + 1]!;
    bytes[i + 1] = low;
  }
}

function toInt16(sample: number): number {
  const clipped = sample > 1 ? 1 : sample < -1 ? -1 : sample;
  return Math.round(clipped * 32767);
}

function header(sampleRate: number, dataBytes: number): Buffer {
  const channels = 2;
  const bytesPerFrame = channels * 2;
  const out = Buffer.alloc(HEADER_BYTES);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * bytesPerFrame, 28);
  out.writeUInt16LE(bytesPerFrame, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}
