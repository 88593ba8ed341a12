import { readFileSync } from 'node:fs';

export interface Pcm {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly left: Float32Array;
  readonly right: Float32Array;
}

/** Reads a PCM WAV file by walking its RIFF chunks (independently of the writer under test). */
export function readWav(path: string): Pcm {
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error('RIFF size does not match the file');
  let at = 12;
  let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (bytes.readUInt16LE(body) !== 1) throw new Error('not PCM');
      format = { channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) throw new Error('data before fmt');
      if (body + size !== bytes.length) throw new Error('data size does not match the file');
      const frames = size / (format.channels * 2);
      const left = new Float32Array(frames);
      const right = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        left[i] = bytes.readInt16LE(body + i * 4) / 32768;
        right[i] = bytes.readInt16LE(body + i * 4 + 2) / 32768;
      }
      return { ...format, left, right };
    }
    at = body + size + (size & 1);
  }
  throw new Error('no data chunk');
}

/** Root mean square of `samples[from, to)`. */
export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

export function peak(samples: Float32Array, from = 0, to = samples.length): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(samples[i]!));
  return max;
}
