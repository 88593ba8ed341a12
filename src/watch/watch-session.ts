import { errorHint, offsetOf } from '../engine/error-hints.js';
import { describeFailure, RequestError, type Client } from '../client/client.js';
import type { LiveResult } from '../protocol/results.js';
import { statusLine, swapLine } from './status-line.js';
import type { Terminal } from './terminal.js';

export interface WatchSessionOptions {
  readonly client: Client;
  readonly session: string;
  /** The file's name as the user gave it: errors say `FILE:LINE:COL`. */
  readonly file: string;
  /** Live mode: parts loop and changes swap at boundaries; otherwise each save plays the score again. */
  readonly live: boolean;
  readonly quant?: string | undefined;
  /** Where each replay starts (not live): `mm:ss` or a marker. */
  readonly from?: string | undefined;
  readonly sink: { readonly port?: string | undefined; readonly record?: string | undefined };
  readonly terminal: Terminal;
  /** How often the status line is refreshed in live mode, in ms. @default 250 */
  readonly statusInterval?: number;
}

/**
 * A request may wait for a performer to start, or for a big score to evaluate: longer than the
 * client's usual 2.5 s. A retry carries the same id, so the server never does it twice.
 */
const REQUEST_TIMEOUT = 10_000;

/**
 * What `alda-live watch` does with each save: evaluate the file in its session and play it again
 * (from the start or `--from`), or in live mode hand it to the session's loops, which swap the
 * parts that changed. A save that fails is reported and changes nothing. Saves that arrive while
 * one is being sent are folded into the latest.
 */
export class WatchSession {
  readonly #options: WatchSessionOptions;
  #busy: Promise<void> | undefined;
  #latest: string | undefined;
  #poller: NodeJS.Timeout | undefined;
  #closed = false;
  #looping = false;
  /** A save has been accepted: a failing one leaves it playing. */
  #accepted = false;

  constructor(options: WatchSessionOptions) {
    this.#options = options;
  }

  /** Takes a save; resolves once it (or a later save that replaced it) has been answered. */
  reload(text: string): Promise<void> {
    this.#latest = text;
    this.#busy ??= this.#drain().finally(() => (this.#busy = undefined));
    return this.#busy;
  }

  /** Stops the status line and silences the session. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#poller);
    this.#options.terminal.end();
    try {
      await this.#options.client.request('stop', { session: this.#options.session }, { attempts: 1 });
    } catch {
      // The server is gone already: nothing plays.
    }
  }

  async #drain(): Promise<void> {
    while (this.#latest !== undefined && !this.#closed) {
      const text = this.#latest;
      this.#latest = undefined;
      await (this.#options.live ? this.#loop(text) : this.#replay(text));
    }
  }

  async #replay(text: string): Promise<void> {
    const { client, session, file, from, sink, terminal } = this.#options;
    try {
      const result = await client.request('eval', { session, code: text, name: file, reset: true, from, sink }, { timeout: REQUEST_TIMEOUT });
      this.#accepted = true;
      for (const notice of result.notices ?? []) terminal.line(notice);
      terminal.line(`Playing ${file}${from ? ` from ${from}` : ''} (${result.events} notes)`);
    } catch (error) {
      this.#failed(error, text);
    }
  }

  async #loop(text: string): Promise<void> {
    const { client, session, file, quant, sink, terminal } = this.#options;
    let status: LiveResult;
    try {
      status = await client.request('live', { session, code: text, name: file, quant, sink }, { timeout: REQUEST_TIMEOUT });
    } catch (error) {
      this.#failed(error, text);
      return;
    }
    this.#accepted = true;
    if (!this.#looping) {
      this.#looping = true;
      terminal.line(`Looping ${status.swaps.map((s) => s.part).join(', ') || 'nothing yet'} (quant ${status.quant}); save ${file} to change it`);
      this.#poll();
    } else if (status.swaps.length === 0) {
      terminal.line('Saved: no part changed');
    } else {
      for (const swap of status.swaps) terminal.line(swapLine(swap, status.now));
    }
    terminal.status(statusLine(status));
  }

  #failed(error: unknown, text: string): void {
    const code = error instanceof RequestError ? ` [${error.code}]` : '';
    this.#options.terminal.line(`error${code}: ${describeFailure(error)}`);
    if (error instanceof RequestError && error.span) {
      const hint = errorHint(error.reason, text, offsetOf(text, error.span.line, error.span.column));
      if (hint) this.#options.terminal.line(`hint: ${hint}`);
    }
    this.#options.terminal.line(
      this.#accepted ? 'Nothing changed: the last good version plays on' : `Nothing plays yet: save ${this.#options.file} once it is fixed`,
    );
  }

  #poll(): void {
    if (this.#closed) return;
    this.#poller = setTimeout(async () => {
      try {
        const status = await this.#options.client.request('live-status', { session: this.#options.session }, { attempts: 1 });
        this.#options.terminal.status(statusLine(status));
      } catch (error) {
        if (error instanceof RequestError && error.code === 'ALDA_NOT_LIVE') {
          this.#looping = false;
          this.#options.terminal.line('The session left live mode (stopped elsewhere); the next save starts the loops again');
          return;
        }
      }
      this.#poll();
    }, this.#options.statusInterval ?? 250);
  }
}
