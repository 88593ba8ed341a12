import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { serverSuite, waitFor, type ServerContext } from '../pipeline/harness.js';
import { pageSoundPeak } from '../support/page-sound-peak.js';

/**
 * The live-coding page in a real browser (Debian's chromium, headless, driven by playwright-core)
 * against a real server with real performers: the page as `npm run build` made it, signed in with
 * a link from `page`, a line typed and evaluated, its notes in the piano roll, a broken line
 * marked where it breaks, another client's evaluation in the same session, loops. One browser
 * for the whole file.
 */
const CHROMIUM = '/usr/bin/chromium';
/** As docs/browser.md gives them: without the networking flags, chromium tries Google's hosts at every start. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Context = ServerContext & { browser: Browser; page: Page; session: string };
const test = serverSuite<Context>('the live-coding page', { newScore: () => new EngineScore() });

test.before(async (context) => {
  context.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  context.page = await context.browser.newPage({ viewport: { width: 1200, height: 800 } });
  context.session = 'page-test';
});

test.after(async ({ browser }) => {
  await browser?.close();
});

let ids = 0;
const request = (context: Context, message: Record<string, unknown>) => context.client.request({ v: 1, id: `t:${++ids}`, ...message });

/** Types `text` at the end of the editor, on a paragraph of its own, and evaluates it with Ctrl-Enter. */
async function typeAndEvaluate(page: Page, text: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  if ((await page.locator('.cm-content').innerText()).trim() !== '') {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
  }
  await page.keyboard.type(text);
  await page.keyboard.press('Control+Enter');
}

const status = (page: Page) => page.locator('#status').innerText();
/** How long a fact of the page may take: an evaluation takes a performer, on a machine that may be busy. */
const PATIENCE = 20_000;

/** Waits for the status line to say `expected`; a timeout says what it said instead. */
async function untilStatus(page: Page, expected: RegExp): Promise<void> {
  let last = '';
  await waitFor(`the status to say ${expected}`, async () => expected.test((last = await status(page))), PATIENCE).catch((error: Error) => {
    throw new Error(`${error.message}; it said: ${last}`);
  });
}
const drawnNotes = async (page: Page) => Number((await page.locator('#roll').getAttribute('data-notes')) ?? 0);

/** Pixels of the canvas that are not its background: a blank roll has none. */
const paintedPixels = (page: Page) =>
  page.locator('#roll').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 0x30 || data[i + 1]! > 0x30 || data[i + 2]! > 0x30) painted++;
    return painted;
  });

test('the link from `page` signs the page in once, and leaves no code in the address', async (context) => {
  const reply = await request(context, { type: 'page', session: context.session });
  const { url } = reply.result as { url: string };
  await context.page.goto(url);
  await untilStatus(context.page, /Connected/);
  assert.is(await context.page.evaluate(() => location.href), url.split('#')[0]);
  assert.is(await context.page.locator('#session').innerText(), context.session);
  const again = await context.browser.newPage();
  try {
    await again.goto(url);
    await untilStatus(again, /needs a link from `alda-live page`/);
  } finally {
    await again.close();
  }
});

test('a typed line is highlighted, Ctrl-Enter plays it, and its notes appear in the piano roll', async ({ page }) => {
  await typeAndEvaluate(page, 'piano: o4 c8 d e f g a b > c4');
  await untilStatus(page, /^8 notes evaluated/);
  const colours = await page.locator('.cm-line span').evaluateAll((spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size);
  assert.ok(colours >= 3, `the part, the notes and the octave in colours of their own (${colours})`);
  await waitFor('notes in the piano roll', async () => (await drawnNotes(page)) >= 8, PATIENCE);
  assert.ok((await paintedPixels(page)) > 1000, 'the roll is not blank');
  const shot = await page.screenshot({ fullPage: true });
  assert.ok(shot.length > 10_000);
});

/** The session's performer, as the server holds it. */
const sessionWorker = (context: Context) => context.server.sessions.get(context.session)?.worker;

test('a broken line is marked where it breaks, with the engine’s message', async ({ page }) => {
  await typeAndEvaluate(page, 'piano: c d e ]');
  await untilStatus(page, /^3:14 /);
  const marked = page.locator('.cm-lintRange-error');
  await waitFor('the error mark', async () => (await marked.count()) === 1, PATIENCE);
  assert.is(await marked.innerText(), ']');
  assert.is(await page.locator('.cm-lint-marker-error').count(), 1, 'and a marker in the gutter');
});

test('the page plays through its own performer: the worklet sounds, and the server knows it as the session’s, reserved for it', async (context) => {
  const { page } = context;
  assert.is(await pageSoundPeak(page), 0, 'silence before');
  await typeAndEvaluate(page, 'piano: o4 a1');
  await untilStatus(page, /^1 note evaluated/);
  await waitFor('sound out of the page’s worklet', async () => (await pageSoundPeak(page)) > 0.01, PATIENCE);
  const worker = sessionWorker(context)!;
  assert.is(worker.reservedFor, context.session);
  assert.is(worker.kind, 'browser');
  assert.is(worker.child, undefined, 'the page, not a browser the server started');
  assert.equal(worker.offers, { sinks: ['synth'], clocks: ['internal'] });
});

test('another client evaluating in the same session is heard on the page, and its notes drawn', async (context) => {
  const { page } = context;
  const reply = await request(context, { type: 'eval', session: context.session, code: 'piano: o6 c1/e/g' });
  assert.is(reply.type, 'reply');
  await waitFor('the other client in the list', async () => /3 notes from another client: piano: o6 c1\/e\/g/.test(await page.locator('#others').innerText()), PATIENCE);
  await waitFor('its notes in the roll', async () => /\b84 88 91\b/.test((await page.locator('#roll').getAttribute('data-keys')) ?? ''), PATIENCE);
});

test('in loop mode the live parts show their loop position and a pending swap, and Stop ends them', async ({ page }) => {
  await page.selectOption('#mode', 'loop');
  await typeAndEvaluate(page, '(tempo 120) piano: c1 d e f');
  await waitFor('the looping part', async () => (await page.locator('#live .part[data-part=piano]').count()) === 1, PATIENCE);
  assert.match(await page.locator('#live .part .iteration').innerText(), /^#\d+ \d\.\d\d s\/8\.00 s$/);
  // An 8 s loop: the swap waits for its end, seconds away.
  await typeAndEvaluate(page, 'piano: g1 a b > c');
  await untilStatus(page, /^Looping: piano swaps in \d+\.\d\d s$/);
  assert.match(await page.locator('#live .pending[data-part=piano]').innerText(), /^next: piano swap in \d+\.\d\d s$/);
  await page.click('#stop');
  await waitFor('the loops to end', async () => (await page.locator('#live .idle').count()) === 1, PATIENCE);
});

test('the sound control moves the session to the server’s performer and back: what the page played stops', async (context) => {
  const { page, server } = context;
  await page.selectOption('#mode', 'play');
  await page.selectOption('#sound', 'server');
  await untilStatus(page, /^The server's performer plays session page-test/);
  await typeAndEvaluate(page, 'piano: o5 c8 d e');
  await untilStatus(page, /^3 notes evaluated/);
  const node = sessionWorker(context)!;
  assert.is(node.kind, 'node');
  assert.ok(node.child !== undefined, 'a performer process of the server');
  const own = server.pool.workers.find((w) => w.reservedFor === context.session)!;
  assert.is(own.state, 'spare', 'the page’s performer waits, reserved for its session');
  const silent = await page.evaluate(() => window.aldaPage!.sound.performer!.command({ type: 'position', v: 1, id: 'test' }));
  assert.is(silent.sounding, 0, JSON.stringify(silent));
  await page.selectOption('#sound', 'page');
  await untilStatus(page, /^This page plays session page-test/);
  await typeAndEvaluate(page, 'piano: o4 c1~1~1~1');
  await untilStatus(page, /^1 note evaluated/);
  assert.is(sessionWorker(context)?.reservedFor, context.session);
});

test('closing the page while it plays leaves nothing stuck: the session goes back to the server’s performers', async (context) => {
  const { page, server, session } = context;
  // The note starts where the session's time has reached, which on a busy machine can be a second or more away.
  let playing: Record<string, unknown> = {};
  await waitFor('the long note to sound', async () => ((playing = await page.evaluate(() => window.aldaPage!.sound.performer!.command({ type: 'position', v: 1, id: 'test' }))).sounding as number) > 0, PATIENCE).catch(() => undefined);
  assert.ok((playing.sounding as number) > 0, `a long note sounds: ${JSON.stringify(playing)}`);
  await page.close();
  await waitFor('the page’s performer to be gone', () => !server.pool.workers.some((w) => w.reservedFor === session), PATIENCE);
  assert.is(server.sessions.get(session)?.sink.engine, undefined, 'not a headless browser of its own');
  const reply = await request(context, { type: 'eval', session, code: 'piano: o4 e16' });
  assert.is(reply.type, 'reply', JSON.stringify(reply));
  assert.is(sessionWorker(context)?.kind, 'node');
  await waitFor('the session to have played', async () => ((await request(context, { type: 'wait', session })).result as { done: boolean }).done, PATIENCE);
  const status = (await request(context, { type: 'position', session })).result as { pending: number; sounding: number };
  assert.equal([status.pending, status.sounding], [0, 0]);
});

if (existsSync(CHROMIUM)) test.run();
else if (process.env.CI) throw new Error(`The page test needs ${CHROMIUM}, and CI must have it: apt-get install chromium (.ci/run does)`);
else console.log(`skipped: the live-coding page test (test/page/page.test.ts) needs chromium at ${CHROMIUM}: apt-get install chromium`);
