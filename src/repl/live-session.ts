import { EventEmitter } from 'node:events';
import { compile } from '../engine/compile.js';
import { parseAlda } from '../engine/parser/parse.js';
import { Score } from '../engine/score.js';
import { AldaError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import { ConnectionError, RequestError, type Client } from './connection.js';
import { locateServerMessage, pointAt } from './error-position.js';
import { ScoreMirror } from './score-mirror.js';
import { serverIdentity } from './server-identity.js';
import type { ReplError } from './transcript.js';

type Payload = Record<string, unknown>;
type RequestType = Parameters<Client['request']>[0];

export interface LiveSessionOptions {
  /** The server session to join (created by the first evaluation if it does not exist). */
  readonly session: string;
  /** Finds the server, or starts one: `connect()` from ./connection.js, with its options. */
  readonly connect: () => Promise<Client>;
  /** Where the session's performer plays, when this REPL is the one that creates the session. */
  readonly sink?: { readonly port?: string | undefined; readonly record?: string | undefined };
  /** How long to wait between attempts to find a server again, in ms (doubling up to 8×). @default 500 */
  readonly retryDelay?: number;
}

export type ConnectionState = 'connected' | 'reconnecting';

export interface Status {
  readonly connection: ConnectionState;
  readonly session: string;
  readonly parts: readonly string[];
  /** The score time being played, in ms; undefined when nothing plays. */
  readonly playing: number | undefined;
}

export type Outcome = { readonly ok: true; readonly result: Payload } | { readonly ok: false; readonly error: ReplError };

/** The name inputs go by in the server's messages, so their positions can be read back. */
export const INPUT_NAME = '<repl>';

const isMissingSession = (error: unknown) => error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION';

/**
 * The REPL's side of a server session: every input goes to the server, which evaluates it
 * incrementally and plays its new notes after what is queued; a mirror of the text and score
 * is kept here.
 *
 * When a request cannot reach the server (after the client's own retries, which resend it
 * with the same id, so a slow server never evaluates an input twice), the session reconnects,
 * starting a server if need be. An input whose fate is then unknown is not evaluated twice:
 * on the same server, the session's event count tells whether it landed; a new server first
 * gets the session's text back (without playing it), and then the input.
 *
 * Emits `status` (Status) and `notice` (string).
 */
export class LiveSession extends EventEmitter {
  readonly name: string;
  readonly #options: LiveSessionOptions;
  readonly #mirror = new ScoreMirror();
  #client: Client | undefined;
  #server: string | undefined;
  #reconnecting: Promise<boolean> | undefined;
  /** Events the server's session holds, as far as we know: tells whether an input landed. */
  #serverEvents = 0;
  /** Whether the server tells us of other clients' inputs in the session. */
  #joined = false;
  /** Timeline ms minus score ms of the last batch played, to show the score position. */
  #shift = 0;
  #connection: ConnectionState = 'connected';
  #playing: number | undefined;
  #poller: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LiveSessionOptions) {
    super();
    this.name = options.session;
    this.#options = options;
  }

  get text(): string {
    return this.#mirror.text;
  }

  get score(): Score {
    return this.#mirror.score;
  }

  get status(): Status {
    const parts = [...new Set(this.score.view().parts.map((part) => part.name))];
    return { connection: this.#connection, session: this.name, parts, playing: this.#playing };
  }

  /** Connects (or starts the server), joins the session, and starts watching the position. */
  async open(): Promise<void> {
    await this.#adopt(await this.#options.connect());
    if (this.#joined && this.#serverEvents > 0) {
      this.emit('notice', `Joined session "${this.name}", which holds ${this.#serverEvents} notes; :score shows what is played from here on`);
    }
    this.#poll();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#poller);
    this.#client?.close();
  }

  /** Evaluates Alda text (alda.lisp forms included) and plays its new notes. */
  async evaluate(code: string): Promise<Outcome> {
    let forms: Form[];
    try {
      forms = parseAlda(code);
    } catch (error) {
      return { ok: false, error: this.#describe(error, code) };
    }
    const before = this.#serverEvents;
    const landed = async (): Promise<Payload | undefined> => {
      const events = await this.#sessionEvents();
      return events !== undefined && events > before ? { session: this.name, events: events - before, total: events } : undefined;
    };
    const outcome = await this.#eval({ code, name: INPUT_NAME }, code, { landed, appended: code });
    if (outcome.ok) this.#changed(() => this.#mirror.append(code, forms));
    return outcome;
  }

  /** Plays the whole score again from the start (or between markers or `m:ss` times). */
  replay(from?: string, to?: string): Promise<Outcome> {
    return this.#eval({ code: this.text, name: INPUT_NAME, reset: true, from, to }, this.text);
  }

  /** Starts afresh: silence, an empty score, an empty text. */
  async reset(): Promise<Outcome> {
    await this.stop();
    const outcome = await this.#eval({ code: '', reset: true, play: false }, '');
    if (outcome.ok) this.#changed(() => this.#mirror.replace('', new Score()));
    return outcome;
  }

  /** Replaces the score with a file's text, without playing it: later inputs continue after it. */
  async load(text: string, name: string): Promise<Outcome> {
    let score: Score;
    try {
      score = compile(text, name).score;
    } catch (error) {
      if (!(error instanceof AldaError)) throw error;
      return { ok: false, error: { code: error.code, message: error.describe(new SourceText(text, name)) } };
    }
    await this.stop();
    const outcome = await this.#eval({ code: text, name, reset: true, play: false }, text);
    if (outcome.ok) this.#changed(() => this.#mirror.replace(text, score));
    return outcome;
  }

  /** Silences the session. Resolves true if something was playing. */
  async stop(): Promise<boolean> {
    const playing = await this.isPlaying();
    try {
      await this.#send('stop', { session: this.name });
    } catch (error) {
      if (!isMissingSession(error)) throw error;
    }
    this.#setPlaying(undefined);
    return playing;
  }

  /** Asks the performer whether anything is queued or sounding (and updates the status). */
  async isPlaying(): Promise<boolean> {
    try {
      const status = await this.#send('position', { session: this.name });
      const playing = (status.pending as number) > 0 || (status.sounding as number) > 0;
      this.#setPlaying(playing ? Math.max(0, (status.position as number) - this.#shift) : undefined);
      return playing;
    } catch (error) {
      if (isMissingSession(error)) return false;
      throw error;
    }
  }

  /** Any other request (`ps`…), with the same reconnection. */
  request(type: RequestType, payload: Payload = {}): Promise<Payload> {
    return this.#send(type, payload);
  }

  async #eval(fields: Payload, code: string, more: { landed?: () => Promise<Payload | undefined>; appended?: string } = {}): Promise<Outcome> {
    try {
      const result = await this.#send('eval', { session: this.name, sink: this.#options.sink, ...fields }, { ...more, timeout: 2500 + code.length / 100 });
      // `total`: the count as read back after a reconnection or a rebuild, which says it better than `events`.
      this.#serverEvents = typeof result.total === 'number' ? result.total : (fields.reset ? 0 : this.#serverEvents) + (result.events as number);
      if (typeof result.firstDue === 'number' && typeof result.start === 'number') this.#shift = result.firstDue - result.start;
      for (const notice of (result.notices as string[] | undefined) ?? []) this.emit('notice', notice);
      if (!this.#joined) await this.#join();
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: this.#describe(error, code, typeof fields.name === 'string' ? fields.name : INPUT_NAME) };
    }
  }

  #describe(error: unknown, code: string, name = INPUT_NAME): ReplError {
    if (error instanceof AldaError) return { code: error.code, message: error.message, at: error.span && pointAt(code, error.span) };
    if (error instanceof RequestError) {
      return { code: error.code, ...(name === INPUT_NAME ? locateServerMessage(code, name, error.message) : { message: error.message }) };
    }
    if (error instanceof ConnectionError) return { code: error.code, message: error.message };
    throw error;
  }

  #changed(change: () => void): void {
    change();
    this.emit('status', this.status);
  }

  /** Joins the session to hear of other clients' inputs; before it exists, the first eval creates it. */
  async #join(): Promise<void> {
    const events = await this.#sessionEvents();
    if (events === undefined) return;
    this.#joined = true;
    this.#serverEvents = events;
  }

  /** The session's event count on the server (joining it); undefined if it does not exist there. */
  async #sessionEvents(): Promise<number | undefined> {
    try {
      return (await this.#client!.request('join', { session: this.name })).events as number;
    } catch (error) {
      if (isMissingSession(error)) return undefined;
      throw error;
    }
  }

  async #adopt(client: Client): Promise<void> {
    this.#client = client;
    client.on('update', (update: { session: string; events: number; code?: string }) => {
      if (update.session !== this.name) return;
      this.#serverEvents += update.events;
      if (update.code === undefined) return;
      this.emit('notice', `Another client played: ${update.code.trim()}`);
      this.#changed(() => this.#mirror.append(update.code!));
    });
    await client.request('ping');
    this.#server = serverIdentity(client.server);
    this.#joined = false;
    await this.#join();
  }

  /**
   * Sends a request (the client retries it with the same id while the server is slow). If the
   * server cannot be reached, reconnects; then, back on the same server, asks `landed` (when
   * given) whether the request took effect before sending it again. If the client's retries
   * carried the request to a newly started server, that server gets the session's text back,
   * with `appended` (the input just evaluated there) after it.
   */
  async #send(type: RequestType, payload: Payload, more: { landed?: () => Promise<Payload | undefined>; timeout?: number; appended?: string } = {}): Promise<Payload> {
    for (;;) {
      await this.#reconnecting;
      const client = this.#client!;
      try {
        const result = await client.request(type, payload, more.timeout === undefined ? {} : { timeout: more.timeout });
        if (serverIdentity(client.server) !== this.#server) {
          this.#server = serverIdentity(client.server);
          this.emit('notice', `The server was replaced; session "${this.name}" is rebuilt from its text`);
          await this.#restore(this.text + (more.appended === undefined ? '' : more.appended.trim() + '\n'));
          return { ...result, total: this.#serverEvents };
        }
        return result;
      } catch (error) {
        if (!(error instanceof ConnectionError) || this.#closed) throw error;
        const sameServer = await this.#reconnect(client, error);
        const result = sameServer && more.landed ? await more.landed() : undefined;
        if (result) return result;
      }
    }
  }

  /** Finds a server again; resolves whether it is the one that was lost. Shared by every request that failed. */
  #reconnect(failed: Client, error: ConnectionError): Promise<boolean> {
    if (this.#reconnecting) return this.#reconnecting;
    if (this.#client !== failed) return Promise.resolve(true);
    const lost = this.#server;
    this.#reconnecting = (async () => {
      this.#setConnection('reconnecting');
      this.emit('notice', `Lost the server (${error.message}); reconnecting…`);
      failed.close();
      const delay = this.#options.retryDelay ?? 500;
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await this.#adopt(await this.#options.connect());
          break;
        } catch {
          this.#client?.close();
          await new Promise((resolve) => setTimeout(resolve, delay * 2 ** Math.min(attempt, 3)));
        }
      }
      const same = this.#server === lost;
      if (!same && this.text !== '') await this.#restore(this.text);
      this.#setConnection('connected');
      this.emit('notice', same ? 'Reconnected to the server' : `Connected to a new server; session "${this.name}" was rebuilt from its text`);
      return same;
    })().finally(() => (this.#reconnecting = undefined));
    return this.#reconnecting;
  }

  /** A new server knows nothing of the session: give it the text, without playing it again. */
  async #restore(text: string): Promise<void> {
    try {
      const payload = { session: this.name, code: text, name: INPUT_NAME, reset: true, play: false, sink: this.#options.sink };
      this.#serverEvents = (await this.#client!.request('eval', payload, { timeout: 2500 + text.length / 100 })).events as number;
      await this.#join();
    } catch (error) {
      this.emit('notice', `Could not rebuild the session on the new server: ${(error as Error).message}`);
    }
  }

  /** Watches the position (and, through it, the connection): often while playing, now and then when not. */
  #poll(): void {
    if (this.#closed) return;
    const next = () => this.#poll();
    this.#poller = setTimeout(() => void this.isPlaying().then(next, next), this.#playing === undefined ? 1000 : 200);
  }

  #setPlaying(playing: number | undefined): void {
    if (playing === this.#playing) return;
    this.#playing = playing;
    this.emit('status', this.status);
  }

  #setConnection(connection: ConnectionState): void {
    this.#connection = connection;
    this.emit('status', this.status);
  }
}
