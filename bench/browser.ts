/**
 * The browser performer, measured through the real pieces: a server, headless Chromium with the
 * performer page (opened as `--engine browser` opens it), the client, and the page's recording.
 *
 *   1. page load → ready: from the page's navigation to its synth playing (bank fetched, parsed
 *      on the audio thread, first quanta rendered), as the page's own clock tells it; and the
 *      browser's launch before it;
 *   2. eval → first sound: from sending `eval` to the audio-context time the first note is
 *      placed at (the reply's round trip plus how far ahead of the performer's position the
 *      note was placed, `firstDue − position`);
 *   3. lateness of onsets: `at − due` of every note-on played (the frame it sounded at against
 *      the frame it was due), over lines evaluated one after another as at a prompt and over a
 *      long score sent in chunks.
 *   4. the live-coding page's own sound: from Ctrl-Enter to the first sound out of the page's
 *      worklet (an AnalyserNode on its output, polled as fast as the page answers), the first time
 *      (the gesture resumes the audio context and connects the page's performer; the synth
 *      loaded while the page opened) and after.
 *
 * Prints figures; asserts nothing. Run: npm run bench:browser [-- EVALS]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openPerformerPage } from '../src/browser/launch/launch-page.js';
import { connect } from '../src/client/client.js';
import { findBrowser } from '../src/processes/find-browser.js';
import { EngineScore } from '../src/server/session/engine-score.js';
import { startServer } from '../src/server/server.js';
import { untilPeak } from '../test/support/page-sound-peak.js';
import { quantiles } from './quantiles.js';
import { readLines, type Line } from './recording.js';

const EVALS = Number(process.argv[2] ?? 20);
const LETTERS = ['c', 'd', 'e', 'f', 'g', 'a', 'b'];

const noteOns = (lines: Line[]) => lines.filter((l) => (l.data[0]! & 0xf0) === 0x90 && l.data[2]! > 0);

const dir = mkdtempSync(join(tmpdir(), 'alda-bench-browser-'));
const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), spares: 0, log: () => {} });
const launchStart = performance.now();
const browser = await launchChromium(findBrowser(), false);
const launched = performance.now() - launchStart;
const loads: number[] = [];
try {
  // Page load → ready, a few times (each a fresh page: the bank is fetched and parsed again).
  for (let i = 0; i < 3; i++) {
    const page = await openPerformerPage(browser, { base: `http://127.0.0.1:${server.port}`, code: server.mintPageCode(), worker: `bench-${i}`, pid: process.pid, onExit: () => {} });
    await page.waitForFunction(() => window.aldaPerformer?.readyAt !== undefined, null, { timeout: 60_000 });
    loads.push(await page.evaluate(() => window.aldaPerformer!.readyAt!));
    if (i < 2) await page.context().close();
  }
  // The last page serves the sessions below, once the server has it as a performer.
  const deadline = performance.now() + 30_000;
  while (!server.pool.workers.some((w) => w.kind === 'browser' && w.state === 'spare' && w.socket)) {
    if (performance.now() > deadline) throw new Error('The performer page never connected');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log(`Chromium launch: ${launched.toFixed(0)} ms`);
  console.log(`page load → ready: ${loads.map((ms) => ms.toFixed(0)).join(', ')} ms`);

  const client = await connect({ stateDir: dir, start: false });
  const sink = { engine: 'browser' as const, headed: false };
  // Lines typed at a prompt, one after another (each waits for the last one's answer, not its sound).
  const prompt = join(dir, 'prompt.jsonl');
  const firstSound: number[] = [];
  for (let i = 0; i < EVALS; i++) {
    const sent = performance.now();
    const result = await client.request('eval', { session: 'prompt', code: `piano: o4 ${LETTERS[i % 7]}16 ${LETTERS[(i + 2) % 7]}16`, sink: { ...sink, record: prompt } }, { timeout: 30_000 });
    const roundTrip = performance.now() - sent;
    firstSound.push(roundTrip + (result.firstDue as number) - (result.position as number));
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await waitDone(client, 'prompt');
  await client.request('close', { session: 'prompt' });
  console.log(`eval → first sound (scheduled audio time): ${quantiles(firstSound)}`);
  const promptLateness = noteOns(readLines(prompt)).map((l) => l.at - l.due);
  console.log(`lateness, lines at a prompt: ${quantiles(promptLateness)}`);

  // A long score: 1,000 32nd notes at 240 bpm (31 s), sent in chunks of 256 messages while it plays.
  const long = join(dir, 'long.jsonl');
  const notes = Array.from({ length: 1000 }, (_, i) => `${LETTERS[i % 7]}32`).join(' ');
  await client.request('eval', { session: 'long', code: `(tempo! 240) piano: o4 ${notes}`, sink: { ...sink, record: long } }, { timeout: 30_000 });
  await waitDone(client, 'long');
  await client.request('close', { session: 'long' });
  const longLateness = noteOns(readLines(long)).map((l) => l.at - l.due);
  console.log(`lateness, a long score (1,000 notes, 31 s): ${quantiles(longLateness)}`);

  // The live-coding page, playing through its own performer: Ctrl-Enter → sound out of its worklet.
  const { url } = await client.request('page', { session: 'page-bench' });
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => /Connected/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 60_000 });
  const toSound: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`piano: o4 ${LETTERS[i % 7]}16`);
    const pressed = performance.now();
    await page.keyboard.press('Control+Enter');
    await untilPeak(page, true, 0.01, 60_000);
    toSound.push(performance.now() - pressed);
    await untilPeak(page, false, 0.0005, 30_000);
  }
  console.log(`live-coding page, Ctrl-Enter → its own sound: first ${toSound[0]!.toFixed(0)} ms (resumes the audio, connects the page's performer; the synth loaded as the page opened); then ${quantiles(toSound.slice(1))}`);
  await page.close();
  client.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

async function waitDone(client: Awaited<ReturnType<typeof connect>>, session: string): Promise<void> {
  for (;;) {
    const { done } = await client.request('wait', { session }, { timeout: 5_000 });
    if (done) return;
  }
}
