import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * Chromium's flags for a performer: no first-run or background traffic (nothing leaves the
 * machine, and a closed network is not tried at every start), no throttling of a page nobody
 * looks at, and sound without a click.
 */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export interface PerformerPageOptions {
  /** The server's HTTP base, e.g. http://127.0.0.1:27713. */
  readonly base: string;
  /** A one-time code, which the page trades for a page credential (`POST /credential`). */
  readonly code: string;
  readonly worker: string;
  /** The pid the server knows the performer by. */
  readonly pid: number;
  readonly lookahead?: number | undefined;
  /** The server told the page to go. */
  readonly onExit: () => void;
}

/** Starts Chromium (playwright-core drives it; it downloads nothing): headless, unless `headed`, and never muted. */
export async function launchChromium(executablePath: string, headed: boolean): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Playwright mutes a headless browser; a performer is there to be heard.
  return chromium.launch({ executablePath, headless: !headed, args: CHROMIUM_FLAGS, ignoreDefaultArgs: ['--mute-audio'] });
}

/**
 * Opens the performer page in a browser: the one-time code, worker id and pid go in the
 * fragment (never sent to a server), and the page gets what only its launcher can give it,
 * a place to append its recording (`--record`).
 */
export async function openPerformerPage(browser: Browser, options: PerformerPageOptions): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.exposeFunction('aldaHostRecord', async (path: string, text: string) => {
    const file = resolve(path);
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text);
  });
  await page.exposeFunction('aldaHostExit', async () => options.onExit());
  const fragment = new URLSearchParams({ code: options.code, worker: options.worker, pid: String(options.pid) });
  if (options.lookahead !== undefined) fragment.set('lookahead', String(options.lookahead));
  await page.goto(`${options.base}/performer#${fragment}`);
  return page;
}
