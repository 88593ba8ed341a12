import { parseArgs } from 'node:util';
import { findBrowser } from '../../processes/find-browser.js';
import { launchChromium, openPerformerPage } from './launch-page.js';

/**
 * The process behind a browser performer (`--engine browser`), spawned by the server as it spawns
 * a Node performer: it starts Chromium with the performer page, which connects to the server
 * itself. The server knows the performer by this process (its pid, its exit); when it goes, the
 * browser goes with it. The one-time code comes in `ALDA_LIVE_PAGE_CODE`, never on a command line.
 */
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    worker: { type: 'string' },
    'parent-pid': { type: 'string' },
    lookahead: { type: 'string' },
    headed: { type: 'boolean' },
    browser: { type: 'string' },
  },
});
const code = process.env.ALDA_LIVE_PAGE_CODE;
if (values.base === undefined || values.worker === undefined || code === undefined) {
  process.stderr.write('host-entry needs --base, --worker and ALDA_LIVE_PAGE_CODE: the server starts it\n');
  process.exit(2);
}
let executable: string;
try {
  executable = findBrowser(values.browser);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(3);
}
const browser = await launchChromium(executable, values.headed ?? false);
let ending = false;
const end = (status: number) => {
  if (ending) return;
  ending = true;
  void browser.close().finally(() => process.exit(status));
};
browser.on('disconnected', () => {
  if (!ending) process.stderr.write('The browser went away\n');
  end(1);
});
process.on('SIGTERM', () => end(0));
process.on('SIGINT', () => end(0));
const parentPid = values['parent-pid'] === undefined ? undefined : Number(values['parent-pid']);
// The server that started us is gone: nobody else can use this performer (its page's token is spent).
if (parentPid !== undefined) setInterval(() => process.ppid !== parentPid && end(0), 1000).unref();
const page = await openPerformerPage(browser, {
  base: values.base,
  code,
  worker: values.worker,
  pid: process.pid,
  lookahead: values.lookahead === undefined ? undefined : Number(values.lookahead),
  onExit: () => end(0),
});
page.on('crash', () => {
  process.stderr.write('The performer page crashed\n');
  end(1);
});
