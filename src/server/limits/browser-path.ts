import { CodedError } from '../../protocol/coded-error.js';
import { requestedSinks } from './requested-sinks.js';

/** Who is asking, as far as a program to run is concerned. */
export interface BrowserPathAsker {
  /** The server takes connections from other machines (`--allow-remote`). */
  readonly remote: boolean;
  /** The connection came from a browser (it sent `Origin`): one of the server's pages. */
  readonly fromBrowser: boolean;
}

/**
 * `sink.browser` (`--browser PATH` of `play`, `repl`, `watch`) names a program the server will run
 * to play a session (docs/security.md, "The browser a client names"). It is taken only from a
 * client on this machine that holds the token, who could run that program itself: a server that
 * other machines reach starts only its own browser (`server --browser`, or one on its PATH), and
 * a page in a browser names none.
 */
export function checkBrowserPath(request: { readonly type: string } & Record<string, unknown>, asker: BrowserPathAsker): void {
  if (!asker.remote && !asker.fromBrowser) return;
  if (!requestedSinks(request).some((sink) => sink.browser !== undefined)) return;
  const who = asker.remote ? 'This server takes remote connections (--allow-remote)' : 'A page in a browser';
  throw new CodedError('ALDA_PATH_NOT_ALLOWED', `${who}: the server starts only its own browser (server --browser, or Chromium on its PATH), not one a request names`);
}
