import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../src/browser/launch/launch-page.js';
import { midiMessages } from '../../src/engine/midi-messages.js';
import { scoreInRange } from '../../src/engine/score-range.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import type { AldaServer } from '../../src/server/server.js';
import { fundamental } from '../export/pitch.js';
import { readWav } from '../export/wav-file.js';
import { isNoteOff, isNoteOn, readRecording, stopServer, testServer } from '../pipeline/harness.js';
import { chromiumOrSkip } from './chromium.js';
import { onsets } from './onsets.js';

/**
 * The Web Audio performer in a real (headless) Chromium: an offline render set beside
 * `alda-live export`, and a session played through `alda-live play --engine browser`.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE_RATE = 44_100;
/** One render quantum: the most an onset may be off by (the bound). */
const QUANTUM = 128;

interface Context {
  server: AldaServer;
  dir: string;
  browser: Browser;
}

interface Run {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs the installed `alda-live` (bin/, built by `npm test`) against the suite's server. */
function cli(context: Context, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/alda-live.js'), ...args], {
      cwd: context.dir,
      env: { ...process.env, ALDA_LIVE_STATE_DIR: context.dir, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const chromium = chromiumOrSkip('browser performer');
const test = suite<Context>('browser performer');

test.before(async (context) => {
  Object.assign(context, await testServer({ newScore: () => new EngineScore() }));
  context.browser = await launchChromium(chromium!, false);
});

test.after(async ({ server, dir, browser }) => {
  await browser?.close();
  if (server) await stopServer(server, dir);
});

test('an offline render in the browser sounds as `export -o x.wav`: onsets within a quantum, A4 at 440 Hz within 1%', async (context) => {
  // Notes spaced by rests, an A4 among them.
  const code = 'piano: (tempo 120) o4 c4 r e4 r a4 r > c4 r';
  const run = await cli(context, ['export', '-c', code, '-o', 'node.wav']);
  assert.is(run.code, 0, run.stderr);
  const node = readWav(join(context.dir, 'node.wav'));

  // The browser's render starts a tenth of a second in: the synth loads meanwhile (offline-render.ts).
  const lead = SAMPLE_RATE / 10;
  const messages = midiMessages(scoreInRange(code, '<test>', {}).view).map((m) => ({ frame: Math.round((m.offset * SAMPLE_RATE) / 1000), data: m.data }));
  const page = await context.browser.newPage();
  await page.goto(`http://127.0.0.1:${context.server.port}/performer`);
  const base64 = await page.evaluate(
    async ({ messages, frames }) => {
      const [left] = await window.aldaPerformer!.render(messages, { frames });
      let text = '';
      const bytes = new Uint8Array(left!.buffer);
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    },
    { messages: messages.map((m) => ({ frame: m.frame + lead, data: [...m.data] })), frames: node.left.length + lead },
  );
  await page.close();
  const bytes = Buffer.from(base64, 'base64');
  const browser = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).subarray(lead);

  const noteOns = messages.filter((m) => (m.data[0]! & 0xf0) === 0x90 && m.data[2]! > 0).map((m) => m.frame);
  assert.is(noteOns.length, 4);
  const inNode = onsets(node.left, noteOns, SAMPLE_RATE);
  const inBrowser = onsets(browser, noteOns, SAMPLE_RATE);
  for (const [i, frame] of noteOns.entries()) {
    // The piano's attack takes a few ms to rise: the export's onset follows its note-on closely.
    assert.ok(inNode[i]! >= frame && inNode[i]! <= frame + 4 * QUANTUM, `note ${i} starts at ${inNode[i]} in the export, due at ${frame}`);
    assert.ok(Math.abs(inBrowser[i]! - inNode[i]!) <= QUANTUM, `note ${i} starts at ${inBrowser[i]} in the browser, ${inNode[i]} in the export`);
  }
  // A4, the third note: its steady part, from 50 ms after the onset.
  const a4 = (samples: Float32Array) => fundamental(samples.subarray(inNode[2]! + 2205, inNode[2]! + 2205 + 8192), SAMPLE_RATE);
  const [hzBrowser, hzNode] = [a4(browser), a4(node.left)];
  assert.ok(Math.abs(hzBrowser / 440 - 1) < 0.01, `A4 at ${hzBrowser.toFixed(1)} Hz in the browser`);
  assert.ok(Math.abs(hzBrowser / hzNode - 1) < 0.001, `A4 at ${hzBrowser.toFixed(1)} Hz in the browser, ${hzNode.toFixed(1)} Hz in the export`);
});

test('`play --engine browser --wait --record`: played through headless Chromium, every note on time and ended', async (context) => {
  const record = join(context.dir, 'played.jsonl');
  const code = 'piano: (tempo 240) o4 c8 d e f g a b > c/e/g';
  const run = await cli(context, ['play', '-c', code, '--engine', 'browser', '--wait', '--record', record]);
  assert.is(run.code, 0, run.stderr);
  const lines = readRecording(record);
  const notes = lines.filter(isNoteOn);
  assert.is(notes.length, 10, JSON.stringify(lines));
  // Each note-on is ended by a note-off of the same key on the same channel, later: nothing hangs.
  const open = new Map<number, number>();
  for (const line of lines) {
    const key = ((line.data[0]! & 0x0f) << 7) | line.data[1]!;
    if (isNoteOn(line)) open.set(key, (open.get(key) ?? 0) + 1);
    else if (isNoteOff(line) && (open.get(key) ?? 0) > 0) open.set(key, open.get(key)! - 1);
  }
  assert.equal([...open.values()].filter((n) => n > 0), [], 'every note ended');
  // The score's own spacing, on the session's timeline (an eighth at 240 bpm is 125 ms).
  const first = notes[0]!.due;
  assert.equal(notes.slice(0, 8).map((n) => n.due - first), [0, 125, 250, 375, 500, 625, 750, 875]);
  // Played at its frame or after, never before; lateness is reported here, and measured in bench/browser.ts.
  const lateness = lines.map((line) => line.at - line.due);
  assert.ok(lateness.every((ms) => ms >= -1000 / SAMPLE_RATE), `nothing early: ${lateness}`);
  console.log(`    browser performer: ${lines.length} messages, lateness max ${Math.max(...lateness).toFixed(3)} ms`);
});

test('`--engine browser` without a browser says how to get one', async (context) => {
  const run = await cli(context, ['play', '-c', 'piano: c', '--engine', 'browser', '--browser', join(context.dir, 'no-such-chromium')]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /No browser at .*no-such-chromium \(--browser\).*install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`/);
  const none = await cli(context, ['play', '-c', 'piano: c', '--engine', 'browser'], { PATH: '/nonexistent' });
  assert.is(none.code, 1);
  assert.match(none.stderr, /--engine browser needs Chromium, and none is on PATH/);
});

if (chromium) test.run();
