import { findBrowser } from '../../src/processes/find-browser.js';

/**
 * The Chromium the browser tests drive: CI installs Debian's (`.ci/run`); elsewhere, without one,
 * the suite says so in one line and runs nothing.
 */
export function chromiumOrSkip(suiteName: string): string | undefined {
  try {
    return findBrowser();
  } catch (error) {
    if (process.env.CI) throw error;
    console.log(`${suiteName}: skipped, no Chromium here (apt-get install chromium)`);
    return undefined;
  }
}
