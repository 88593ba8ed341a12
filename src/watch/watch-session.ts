import { errorHint, offsetOf } from '../engine/error-hints.js';
import { ConnectionError, describeFailure, RequestError, type Client, type RequestOptions } from '../client/client.js';
import type { TransformStep } from '../protocol/messages.js';
import type { AnyRequestType, LiveResult, ResultOf } from '../protocol/results.js';
import { statusLine, swapLine } from './status-line.js';
import type { Terminal } from './terminal.js';

export interface WatchSessionOptions {
  /** Finds the server, or starts one: at first, and again whenever it goes away. */
  readonly connect: () => Promise<Client>;
  readonly session: string;
  /** The file's name as the user gave it: errors say `FILE:LINE:COL`. */
  readonly file: string;
  /** Live mode: parts loop and changes swap at boundaries; otherwise each save plays the score again. */
  readonly live: boolean;
  readonly quant?: string | undefined;
  /** Where each replay starts (not live): `mm:ss` or a marker. */
  readonly from?: string | undefined;
  /** Transformers (broker services) each replay goes through, in order (not live). */
  readonly transform?: readonly TransformStep[] | undefined;
  readonly sink: { readonly port?: string | undefined; readonly record?: string | undefined };
  readonly terminal: Terminal;
  /** How often the status line is refreshed in live mode, in ms. @default 250 */
  readonly statusInterval?: number;
  /** How long to wait between attempts to find a server again, in ms (doubling up to 8×). @default 500 */
  readonly retryDelay?: number;
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
 *
 * When the server goes away (shut down, crashed, replaced), the watcher finds or starts one
 * again, saying "reconnecting" meanwhile; the save in flight is sent to it. In live mode the
 * last good version loops again at once; otherwise the next save plays (and if that save fails,
 * the last good version plays in its place, as it would have played on).
 */
export class WatchSession {
  readonly #options: WatchSessionOptions;
  #client: Client | undefined;
  #reconnecting: Promise<void> | undefined;
  /** The last save that evaluated. */
  #good: string | undefined;
  /** The server the last good version played on is gone: a failing save plays it again. */
  #fresh = false;
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

  /** Connects to the server (starting one if none runs). */
  async open(): Promise<Client> {
    return this.#attach(await this.#options.connect());
  }

  /** The client to use from now on; its server going away starts a reconnection at once. */
  #attach(client: Client): Client {
    this.#client = client;
    client.on('disconnect', () => {
      if (!this.#closed) void this.#reconnect(client, new ConnectionError('ALDA_DISCONNECTED', 'the connection closed'));
    });
    return client;
  }

  /** Takes a save; resolves once it (or a later save that replaced it) has been answered. */
  reload(text: string): Promise<void> {
    this.#latest = text;
    this.#busy ??= this.#drain().finally(() => (this.#busy = undefined));
    return this.#busy;
  }

  /** Stops the status line and silences the session, if this watcher played in it. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#poller);
    this.#options.terminal.end();
    try {
      if (this.#accepted) await this.#client?.request('stop', { session: this.#options.session }, { attempts: 1 });
    } catch {
      // The server is gone already: nothing plays.
    }
    this.#client?.close();
  }

  async #drain(): Promise<void> {
    while (this.#latest !== undefined && !this.#closed) {
      const text = this.#latest;
      this.#latest = undefined;
      await (this.#options.live ? this.#loop(text) : this.#replay(text));
    }
  }

  async #replay(text: string): Promise<void> {
    const { session, file, from, transform, sink, terminal } = this.#options;
    const play = (code: string) => this.#request('eval', { session, code, name: file, reset: true, from, sink, transform }, { timeout: REQUEST_TIMEOUT });
    try {
      const result = await play(text);
      this.#took(text);
      for (const notice of result.notices ?? []) terminal.line(notice);
      terminal.line(`Playing ${file}${from ? ` from ${from}` : ''} (${result.events} notes)`);
    } catch (error) {
      this.#failed(error, text);
      if (!this.#fresh || this.#good === undefined || this.#closed) return;
      const good = this.#good;
      try {
        const result = await play(good);
        this.#took(good);
        terminal.line(`Playing the last good version of ${file} again (${result.events} notes)`);
      } catch (again) {
        this.#failed(again, good);
      }
    }
  }

  async #loop(text: string): Promise<void> {
    const { session, file, quant, sink, terminal } = this.#options;
    let status: LiveResult;
    try {
      status = await this.#request('live', { session, code: text, name: file, quant, sink }, { timeout: REQUEST_TIMEOUT });
    } catch (error) {
      this.#failed(error, text);
      return;
    }
    this.#took(text);
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

  #took(text: string): void {
    this.#accepted = true;
    this.#good = text;
    this.#fresh = false;
  }

  /** A request to the server; if the server is gone, sent again to the one found (or started) next. */
  async #request<T extends AnyRequestType>(type: T, payload: Record<string, unknown>, options: RequestOptions = {}): Promise<ResultOf<T>> {
    for (;;) {
      await this.#reconnecting;
      const client = this.#client!;
      try {
        return await client.request(type, payload, options);
      } catch (error) {
        if (!(error instanceof ConnectionError) || this.#closed) throw error;
        await this.#reconnect(client, error);
      }
    }
  }

  /** Finds a server again (starting one), saying so meanwhile. Shared by every request that failed. */
  #reconnect(failed: Client, error: ConnectionError): Promise<void> {
    if (this.#client !== failed) return Promise.resolve();
    if (this.#reconnecting) return this.#reconnecting;
    this.#reconnecting = (async () => {
      const { terminal, retryDelay = 500 } = this.#options;
      this.#looping = false;
      clearTimeout(this.#poller);
      terminal.line(`Lost the server (${error.message}); reconnecting…`);
      terminal.status('○ reconnecting to the server…');
      failed.close();
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          this.#attach(await this.#options.connect());
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, retryDelay * 2 ** Math.min(attempt, 3)));
        }
      }
      this.#fresh = this.#good !== undefined;
      const { live, file } = this.#options;
      const next = this.#good === undefined ? 'the next save plays' : live ? 'the last good version loops again' : `the next save of ${file} plays`;
      terminal.line(`Reconnected to the server at ${this.#client!.server.url}; ${next}`);
      terminal.status('● connected');
    })().finally(() => (this.#reconnecting = undefined));
    const reconnected = this.#reconnecting;
    // In live mode the last good version loops again at once, unless a save in flight is about to.
    if (this.#options.live) {
      void reconnected.then(() => {
        if (this.#busy === undefined && this.#good !== undefined && !this.#closed) void this.reload(this.#good);
      });
    }
    return reconnected;
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
      const client = this.#client!;
      try {
        const status = await client.request('live-status', { session: this.#options.session }, { attempts: 1 });
        this.#options.terminal.status(statusLine(status));
      } catch (error) {
        if (error instanceof ConnectionError) {
          // The reconnection loops the last good version again, and that starts a new poller.
          await this.#reconnect(client, error);
          return;
        }
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
