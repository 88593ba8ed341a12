import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WavWriter } from '../../src/sound/wav-writer.js';
import { readWav } from './wav-file.js';

const dir = mkdtempSync(join(tmpdir(), 'alda-wav-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('blocks are interleaved L/R as little-endian 16-bit samples; out-of-range samples clip', () => {
  const path = join(dir, 'clip.wav');
  const writer = new WavWriter(path, 8000);
  writer.write(Float32Array.from([0, 0.5, 2]), Float32Array.from([-0.5, -2, 1]));
  writer.write(Float32Array.from([1, 9]), Float32Array.from([-1, 9]), 1);
  writer.close();
  const bytes = readFileSync(path);
  const samples = Array.from({ length: (bytes.length - 44) / 2 }, (_, i) => bytes.readInt16LE(44 + 2 * i));
  assert.equal(samples, [0, -16383, 16384, -32767, 32767, 32767, 32767, -32767]);
  assert.is(writer.frames, 4);
});

test('the header gives the sizes, rate and format once closed', () => {
  const path = join(dir, 'header.wav');
  const writer = new WavWriter(path, 22_050);
  writer.write(new Float32Array(100), new Float32Array(100));
  writer.close();
  const pcm = readWav(path);
  assert.equal([pcm.sampleRate, pcm.channels, pcm.bitsPerSample, pcm.left.length], [22_050, 2, 16, 100]);
});

test('closing twice is harmless', () => {
  const writer = new WavWriter(join(dir, 'twice.wav'), 44_100);
  writer.close();
  writer.close();
});

test.run();
