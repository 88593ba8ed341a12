import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tonejs from '@tonejs/midi';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { midiFile } from '../../src/engine/midi-file.js';
import { midiMessages } from '../../src/engine/midi-messages.js';
import { cutView, type PlayRange } from '../../src/engine/play-range.js';
import { CALIBRATED_GAIN_DB, LIMITER_CEILING } from '../../src/sound/master-bus.js';
import { renderWav } from '../../src/sound/render-wav.js';
import { readWithJzz } from './jzz-smf.js';
import { fundamental } from './pitch.js';
import { peak, readWav, rms } from './wav-file.js';

const { Midi } = tonejs;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = join(ROOT, 'test/fixtures/corpus/alda-examples');
const BACH = join(CORPUS, 'bach_cello_suite_no_1.alda');
const dir = mkdtempSync(join(tmpdir(), 'alda-export-'));

interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `alda-live export ARGS` as installed (bin/, built into dist/ by `npm test`), with no terminal. */
function exportCli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/alda-live.js'), 'export', ...args], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
    child.stdin.end(stdin ?? '');
  });
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('bach.mid: a MIDI file other software reads, holding every note of the score', async () => {
  const run = await exportCli(['-f', BACH, '-o', 'bach.mid']);
  assert.is(run.code, 0, run.stderr);
  const bytes = readFileSync(join(dir, 'bach.mid'));
  assert.is(readWithJzz(bytes).validate(), undefined);
  const midi = new Midi(bytes);
  const { view } = compile(readFileSync(BACH, 'utf8'));
  assert.is(midi.name, 'bach_cello_suite_no_1');
  assert.is(midi.tracks.reduce((n, t) => n + t.notes.length, 0), view.events.length);
  assert.ok(midi.tracks.every((t) => t.instrument.number === 42), 'every track is a cello');
  assert.equal(midi.header.tempos.map((t) => t.bpm), [60]);
});

test('bach.wav from a marker: 44.1 kHz 16-bit stereo, as long as the cut, not silent', async () => {
  const run = await exportCli(['-f', BACH, '-o', 'bach.wav', '--from', 'weaving', '--to', '2:15']);
  assert.is(run.code, 0, run.stderr);
  const pcm = readWav(join(dir, 'bach.wav'));
  assert.equal([pcm.sampleRate, pcm.channels, pcm.bitsPerSample], [44_100, 2, 16]);
  const { view } = compile(readFileSync(BACH, 'utf8'));
  const start = view.markers.get('weaving')!;
  const kept = view.events.filter((e) => e.offset >= start && e.offset < 135_000);
  const end = (Math.max(...kept.map((e) => e.offset + e.audibleDuration)) - start) / 1000;
  const seconds = pcm.left.length / pcm.sampleRate;
  assert.ok(seconds > end && seconds < end + 4.05, `${seconds} s of audio for notes ending at ${end} s`);
  assert.ok(peak(pcm.left, 0, 2205) > 0.001, 'the first note of the cut sounds at once (a cello speaks within 50 ms)');
  assert.ok(rms(pcm.left, 0, pcm.left.length) > 0.001, 'not silent');
});

test('a whole short corpus score renders non-silent audio of the right length', async () => {
  const score = join(CORPUS, 'hello_world.alda');
  const run = await exportCli(['-f', score, '-o', 'hello.wav']);
  assert.is(run.code, 0, run.stderr);
  const pcm = readWav(join(dir, 'hello.wav'));
  const { view } = compile(readFileSync(score, 'utf8'));
  const end = Math.max(...view.events.map((e) => e.offset + e.audibleDuration)) / 1000;
  const seconds = pcm.left.length / pcm.sampleRate;
  assert.ok(seconds > end && seconds < end + 4.05, `${seconds} s of audio for notes ending at ${end} s`);
  for (const event of view.events) {
    const from = Math.round(((event.offset + 20) / 1000) * pcm.sampleRate);
    assert.ok(peak(pcm.left, from, from + 441) > 0.0005, `the note at ${event.offset} ms sounds`);
  }
});

const dBFS = (level: number) => 20 * Math.log10(level);
const loudest = (path: string) => {
  const pcm = readWav(path);
  return Math.max(peak(pcm.left), peak(pcm.right));
};

test("the README's scale.wav is loud enough: it peaks above -6 dBFS, under the limiter's ceiling", async () => {
  const run = await exportCli(['-c', 'piano: o4 c8 d e f g2', '-o', 'scale.wav']);
  assert.is(run.code, 0, run.stderr);
  const level = loudest(join(dir, 'scale.wav'));
  assert.ok(dBFS(level) > -6, `peak ${dBFS(level).toFixed(1)} dBFS`);
  assert.ok(level <= LIMITER_CEILING, `peak ${dBFS(level).toFixed(2)} dBFS`);
});

test('a dense, loud score never clips: no sample passes the ceiling (-1 dBFS)', async () => {
  const dense = [
    'piano: (vol 100) o4 c/e/g/>c < d/f/a/>d',
    'violin: (vol 100) o5 c d e f',
    'cello: (vol 100) o2 c d e f',
    'trumpet: (vol 100) c1/e/g',
    'percussion: (vol 100) o2 c/d/e/f/g/a c/d/e/f',
    'trombone: (vol 100) o3 c/e/g/b1',
    'tuba: (vol 100) o1 c/e/g/b/>d/f1',
  ].join('\n');
  const run = await exportCli(['-c', dense, '-o', 'dense.wav']);
  assert.is(run.code, 0, run.stderr);
  const level = loudest(join(dir, 'dense.wav'));
  // One 16-bit step of rounding above the ceiling at most.
  assert.ok(level <= LIMITER_CEILING + 1 / 32768, `peak ${dBFS(level).toFixed(2)} dBFS`);
  assert.ok(dBFS(level) > -1.5, 'the limiter holds it at the ceiling, not far below');
});

test('--gain DB moves the level by DB; a gain out of range is refused', async () => {
  const run = await exportCli(['-c', 'piano: o4 c8 d e f g2', '-o', 'quiet.wav', '--gain', '-12']);
  assert.is(run.code, 0, run.stderr);
  const drop = dBFS(loudest(join(dir, 'scale.wav'))) - dBFS(loudest(join(dir, 'quiet.wav')));
  assert.ok(Math.abs(drop - 12) < 0.5, `${drop.toFixed(2)} dB quieter`);
  const bad = await exportCli(['-c', 'piano: c', '-o', 'bad.wav', '--gain', 'loud']);
  assert.is(bad.code, 2, 'a usage error, as for every option');
  assert.match(bad.stderr, /--gain.*a number of dB from -60 to 24/);
});

test('a MIDI track keeps the alias Alda names its part by: `cello "main"` is main, a group member strings.violin', async () => {
  const run = await exportCli(['-c', 'cello "main": c\nviolin/viola "strings": d\nflute: e', '-o', 'alias.mid']);
  assert.is(run.code, 0, run.stderr);
  const midi = new Midi(readFileSync(join(dir, 'alias.mid')));
  assert.equal(midi.tracks.filter((track) => track.notes.length > 0).map((track) => track.name), ['main', 'strings.violin', 'strings.viola', 'flute']);
});

/** The export pipeline in-process, as the command runs it. */
async function renderScore(text: string, name: string, sampleRate = 44_100) {
  const messages = midiMessages(compile(text).view).map((m) => ({ frame: Math.round((m.offset * sampleRate) / 1000), data: m.data }));
  await renderWav(messages, join(dir, name), { sampleRate });
  return readWav(join(dir, name));
}

test('a rest renders silence, and a score that ends in rests keeps them', async () => {
  const run = await exportCli(['-c', 'piano: c8 r1', '-o', 'rest.wav']);
  assert.is(run.code, 0, run.stderr);
  const pcm = readWav(join(dir, 'rest.wav'));
  assert.ok(pcm.left.length >= 2.25 * 44_100, `${pcm.left.length / 44_100} s for a score of 2.25 s`);
  assert.ok(peak(pcm.left, 0, 4410) > 0.001, 'the c sounds');
  // −80 dB below the calibrated level: what is left of the c's reverb tail.
  assert.ok(peak(pcm.left, 1.5 * 44_100, 2.25 * 44_100) < 1e-4 * 10 ** (CALIBRATED_GAIN_DB / 20), 'the rest is silent');
});

test('piano: a is 440 Hz and o3 c about 130.8 Hz (within 1%)', async () => {
  const a = await renderScore('piano: a1', 'a.wav');
  const fa = fundamental(a.left.subarray(4410, 17640), 44_100);
  assert.ok(Math.abs(fa - 440) / 440 < 0.01, `a at ${fa} Hz`);
  const c = await renderScore('piano: o3 c1', 'c.wav', 48_000);
  assert.is(c.sampleRate, 48_000);
  const fc = fundamental(c.left.subarray(4800, 24000), 48_000);
  assert.ok(Math.abs(fc - 130.81) / 130.81 < 0.01, `o3 c at ${fc} Hz`);
});

test('two parts panned hard left and right land in their channels', async () => {
  const pcm = await renderScore('piano: (panning 0) o4 c2 r2\nmarimba: (panning 100) r2 o5 c2', 'pan.wav');
  const at = (s: number) => Math.round(s * 44_100);
  const [l1, r1] = [rms(pcm.left, at(0.05), at(0.45)), rms(pcm.right, at(0.05), at(0.45))];
  const [l2, r2] = [rms(pcm.left, at(1.05), at(1.4)), rms(pcm.right, at(1.05), at(1.4))];
  assert.ok(l1 > 10 * r1, `piano, panned left: L ${l1} R ${r1}`);
  assert.ok(r2 > 10 * l2, `marimba, panned right: L ${l2} R ${r2}`);
});

const notesOf = (text: string, range: PlayRange) =>
  (new Midi(midiFile(cutView(compile(text).view, range))).tracks[0]?.notes ?? []).map((n) => [n.midi, Math.round(n.time * 1000), Math.round(n.duration * 1000)]);

test('--from/--to cut as Alda cuts: the notes that start in the range, moved to 0', () => {
  assert.equal(notesOf('piano: c d %m1 e f %m2 g a', { from: 'm1', to: 'm2' }), [[64, 0, 450], [65, 500, 450]]);
  assert.equal(notesOf('piano: c d e f g a b > c', { from: '0:01', to: '0:03' }), [
    [64, 0, 450],
    [65, 500, 450],
    [67, 1000, 450],
    [69, 1500, 450],
  ]);
  assert.equal(notesOf('piano: c d', { from: '0:99' }), []);
});

test('--format overrides the extension; MIDI goes to standard output without -o; stdin is read', async () => {
  const run = await exportCli(['--format', 'midi', '-o', 'song.bin', '-c', 'piano: c']);
  assert.is(run.code, 0, run.stderr);
  assert.is(readFileSync(join(dir, 'song.bin')).subarray(0, 4).toString(), 'MThd');
  const piped = await exportCli([], 'violin: e f g');
  assert.is(piped.code, 0, piped.stderr);
  const midi = new Midi(piped.stdout);
  assert.equal(midi.tracks[0]!.notes.map((n) => n.midi), [64, 65, 67]);
  assert.is(midi.tracks[0]!.instrument.number, 40);
});

test('errors are answered with a message and exit code 1 (2 for a bad command line), and write nothing', async () => {
  const format = await exportCli(['-c', 'piano: c', '-o', 'x.mp3']);
  assert.is(format.code, 2);
  assert.match(format.stderr, /cannot tell the format/);
  const cases: [string[], RegExp][] = [
    [['-c', 'piano: c', '-o', 'x.mid', '--from', 'nope'], /nope is not a valid offset reference/],
    [['-c', 'piano: c', '-o', join(dir, 'no/such/dir/x.mid')], /cannot write .*ENOENT/],
    [['-c', 'piano: c d e (foo 3)', '-o', 'x.mid'], /^<no file>:1:\d+ /],
  ];
  for (const [args, message] of cases) {
    const run = await exportCli(args);
    assert.is(run.code, 1, `${args.join(' ')} → exit ${run.code}`);
    assert.match(run.stderr, message);
    assert.not.match(run.stderr, /Oops|at .*\.ts:\d+/);
  }
  assert.throws(() => statSync(join(dir, 'x.mid')));
});

test.run();
