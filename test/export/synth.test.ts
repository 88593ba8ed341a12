import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FrameScheduler, type TimedMessage } from '../../src/sound/frame-scheduler.js';
import { GmSynth } from '../../src/sound/gm-synth.js';
import { renderWav } from '../../src/sound/render-wav.js';
import { generalMidiBank } from '../../src/sound/sound-bank.js';
import { fundamental } from './pitch.js';
import { peak, readWav, rms } from './wav-file.js';

const dir = mkdtempSync(join(tmpdir(), 'alda-synth-'));
const RATE = 44_100;
const at = (seconds: number) => Math.round(seconds * RATE);

function piano(key: number, from: number, to: number, channel = 0): TimedMessage[] {
  return [
    { frame: at(from), data: [0xc0 | channel, 0] },
    { frame: at(from), data: [0x90 | channel, key, 100] },
    { frame: at(to), data: [0x80 | channel, key, 0] },
  ];
}

async function render(name: string, messages: TimedMessage[], sampleRate = RATE) {
  const path = join(dir, name);
  const result = await renderWav(messages, path, { sampleRate });
  return { result, pcm: readWav(path) };
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a4 on the piano sounds at 440 Hz (within 1%)', async () => {
  const { pcm } = await render('a4.wav', piano(69, 0, 1));
  const f0 = fundamental(pcm.left.subarray(at(0.1), at(0.3)), RATE);
  assert.ok(Math.abs(f0 - 440) / 440 < 0.01, `a4 at ${f0} Hz`);
});

test('c3 on the piano sounds at about 130.8 Hz (within 1%)', async () => {
  const { pcm } = await render('c3.wav', piano(48, 0, 1));
  const f0 = fundamental(pcm.left.subarray(at(0.1), at(0.4)), RATE);
  assert.ok(Math.abs(f0 - 130.81) / 130.81 < 0.01, `c3 at ${f0} Hz`);
});

test('the file is 16-bit stereo PCM at the sample rate asked for', async () => {
  const { pcm, result } = await render('rate.wav', piano(60, 0, 0.2), 22_050);
  assert.equal([pcm.sampleRate, pcm.channels, pcm.bitsPerSample], [22_050, 2, 16]);
  assert.is(pcm.left.length, result.frames);
});

test('a rest renders silence, and the note starts on its frame', async () => {
  const { pcm } = await render('rest.wav', piano(60, 0.5, 1));
  assert.is(peak(pcm.left, 0, at(0.5)), 0);
  assert.is(peak(pcm.right, 0, at(0.5)), 0);
  assert.ok(peak(pcm.left, at(0.5), at(0.52)) > 0.001, 'the note sounds from its frame');
});

test('the audio ends once the last note has died away, not seconds later', async () => {
  const { result } = await render('tail.wav', piano(60, 0, 1));
  assert.ok(result.frames > at(1), 'the whole note is there');
  assert.ok(result.frames < at(1 + 4.05), `tail of ${result.frames / RATE - 1} s`);
});

test('two parts panned hard left and right land in their channels', async () => {
  const messages = [
    { frame: 0, data: [0xb0, 10, 0] },
    { frame: 0, data: [0xb1, 10, 127] },
    ...piano(60, 0, 0.5, 0),
    ...piano(67, 1, 1.5, 1),
  ].sort((a, b) => a.frame - b.frame);
  const { pcm } = await render('pan.wav', messages);
  const first = [rms(pcm.left, at(0.05), at(0.45)), rms(pcm.right, at(0.05), at(0.45))];
  const second = [rms(pcm.left, at(1.05), at(1.45)), rms(pcm.right, at(1.05), at(1.45))];
  assert.ok(first[0]! > 20 * first[1]!, `left part: L ${first[0]} R ${first[1]}`);
  assert.ok(second[1]! > 20 * second[0]!, `right part: L ${second[0]} R ${second[1]}`);
});

test('FrameScheduler sends each message on its exact frame, across render calls', async () => {
  const synth = await GmSynth.create(await generalMidiBank(), { effects: false });
  const scheduler = new FrameScheduler(synth);
  scheduler.schedule([{ frame: 0, data: [0xc0, 0] }, { frame: 1000, data: [0x90, 72, 127] }]);
  const left = new Float32Array(2048);
  const right = new Float32Array(2048);
  scheduler.render(left, right, 0, 300);
  scheduler.render(left, right, 300, 1748);
  assert.is(scheduler.position, 2048);
  assert.is(scheduler.pending, 0);
  assert.is(peak(left, 0, 1000), 0);
  assert.ok(peak(left, 1000, 1100) > 0, 'sound right after frame 1000');
});

test.run();
