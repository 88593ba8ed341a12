import { EventEmitter } from 'node:events';
import { compile } from '../engine/compile.js';
import { parseAlda } from '../engine/parser/parse.js';
import { Score } from '../engine/score.js';
import { AldaError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import { ConnectionError, RequestError, type Client } from './connection.js';
import { locateServerMessage, pointAt } from './error-position.js';
import type { ReplError } from './transcript.js';

type Payload = Record<string, unknown>;

export interface LiveSessionOptions {
  /** The server session to join (created by the first evaluation if it does not exist). */
  readonly session: string;
  /** Finds the server, or starts one: `connect()` from ./connection.js, with its options. */
  readonly connect: () => Promise<Client>;
  /** Where the session's performer plays, when this REPL is the one that creates the session. */
  readonly sink?: { readonly port?: string | undefined; readonly record?: string | undefined };
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

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

/**
 * The REPL's side of a server session. It sends every line to the server (which evaluates it
 * incrementally and plays its new notes after what is queued), and keeps the accumulated text
 * and a mirror of the score here, for `:score`, `:parts`, `:export` and completion.
 *
 * If the server goes away, requests fail over to a reconnection (starting a server if need
 * be). A line whose fate is unknown is never evaluated twice: on the same server, the
 * session's event count tells whether it landed; on a new server, the session is rebuilt from
 * the text (which holds only lines known to have landed) before the line is sent again.
 *
 * Emits `status` (Status) and `notice` (string).
 */
export class LiveSession extends EventEmitter {
  readonly name: string;
  readonly #options: LiveSessionOptions;
  #client: Client | undefined;
  #serverPid: number | undefined;
  /** The pid of the server lost by the reconnection under way (or the last one). */
  #lostPid: number | undefined;
  /** Whether the server will tell us of other clients' lines in the session. */
  #joined = false;
  #reconnecting: Promise<void> | undefined;
  #text = '';
  #mirror = new Score();
  /** Events the server's session holds, as far as we know: tells whether a line landed. */
  #serverEvents = 0;
  /** Timeline ms minus score ms of the last batch played, to show the score position. */
  #shift = 0;
  #connection: ConnectionState = 'connecting';
  #playing: number | undefined;
  #poller: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LiveSessionOptions) {
    super();
    this.name = options.session;
    this.#options = options;
  }

  get text(): string {
    return this.#text;
  }

  get score(): Score {
    return this.#mirror;
  }

  get client(): Client | undefined {
    return this.#client;
  }

  get status(): Status {
    const parts = [...new Set(this.#mirror.view().parts.map((part) => part.name))];
    return { connection: this.#connection, session: this.name, parts, playing: this.#playing };
  }

  /** Connects (or starts the server), joins the session, and starts watching the position. */
  async open(): Promise<void> {
    await this.#adopt(await this.#options.connect());
    this.#setConnection('connected');
    this.#poll();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#poller);
    this.#client?.close();
  }

  /** Evaluates Alda text (or alda.lisp forms written as text) and plays its new notes. */
  async evaluate(code: string): Promise<Outcome> {
    let forms: Form[];
    try {
      forms = parseAlda(code);
    } catch (error) {
      return { ok: false, error: this.#describe(error, code) };
    }
    const before = this.#serverEvents;
    const outcome = await this.#eval({ code, name: INPUT_NAME }, code, async () => {
      const events = await this.#joinedEvents();
      return events !== undefined && events > before ? { session: this.name, events: events - before } : undefined;
    });
    if (outcome.ok) this.#append(code, forms);
    return outcome;
  }

  /** Plays the whole score again from the start (or between markers or `m:ss` times). */
  async replay(from?: string, to?: string): Promise<Outcome> {
    return this.#eval({ code: this.#text, name: INPUT_NAME, reset: true, from, to }, this.#text);
  }

  /** Starts afresh: silence, an empty score, an empty text. */
  async reset(): Promise<Outcome> {
    await this.stop();
    const outcome = await this.#eval({ code: '', reset: true, play: false }, '');
    if (outcome.ok) this.#replace('', new Score());
    return outcome;
  }

  /** Replaces the score with a file's text, without playing it: later lines continue after it. */
  async load(text: string, name: string): Promise<Outcome> {
    let score: Score;
    try {
      score = compile(text, name).score;
    } catch (error) {
      if (error instanceof AldaError) return { ok: false, error: { code: error.code, message: error.describe(new SourceText(text, name)) } };
      throw error;
    }
    await this.stop();
    const outcome = await this.#eval({ code: text, name, reset: true, play: false }, text);
    if (outcome.ok) this.#replace(text.endsWith('\n') || text === '' ? text : text + '\n', score);
    return outcome;
  }

  /** Silences the session. Resolves true if something was playing. */
  async stop(): Promise<boolean> {
    const playing = await this.isPlaying();
    try {
      await this.#send('stop', { session: this.name });
    } catch (error) {
      if (!(error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION')) throw error;
    }
    this.#setPlaying(undefined);
    return playing;
  }

  /** Asks the performer whether anything is queued or sounding. */
  async isPlaying(): Promise<boolean> {
    try {
      const status = await this.#send('position', { session: this.name });
      const playing = (status.pending as number) > 0 || (status.sounding as number) > 0;
      this.#setPlaying(playing ? Math.max(0, (status.position as number) - this.#shift) : undefined);
      return playing;
    } catch (error) {
      if (error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION') return false;
      throw error;
    }
  }

  /** Any request, with the reconnection that the REPL's own requests get. */
  request(type: Parameters<Client['request']>[0], payload: Payload = {}): Promise<Payload> {
    return this.#send(type, payload);
  }

  async #eval(fields: Payload, code: string, landed?: () => Promise<Payload | undefined>): Promise<Outcome> {
    const sink = this.#options.sink;
    try {
      const result = await this.#send('eval', { session: this.name, sink, ...fields }, landed, 2500 + code.length / 100);
      if (fields.reset) this.#serverEvents = result.events as number;
      else this.#serverEvents += result.events as number;
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
      const located = name === INPUT_NAME ? locateServerMessage(code, name, error.message) : { message: error.message };
      return { code: error.code, ...located };
    }
    if (error instanceof ConnectionError) return { code: error.code, message: error.message };
    throw error;
  }

  #append(code: string, forms: readonly Form[]): void {
    this.#text += code.trim() + '\n';
    try {
      this.#mirror.evaluate(forms);
    } catch {
      // The mirror disagrees with the server (it saw something we did not): rebuild it from the text.
      this.#mirror = this.#rebuilt(this.#text);
    }
    this.#emitStatus();
  }

  #replace(text: string, score: Score): void {
    this.#text = text;
    this.#mirror = score;
    this.#emitStatus();
  }

  #rebuilt(text: string): Score {
    try {
      return compile(text).score;
    } catch {
      return new Score();
    }
  }

  /** Joins the session to hear of other clients' lines; before it exists, the first eval creates it. */
  async #join(): Promise<void> {
    try {
      const joined = await this.#client!.request('join', { session: this.name });
      this.#joined = true;
      this.#serverEvents = joined.events as number;
    } catch (error) {
      if (!(error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION')) throw error;
    }
  }

  async #joinedEvents(): Promise<number | undefined> {
    try {
      return (await this.#client!.request('join', { session: this.name })).events as number;
    } catch (error) {
      if (error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION') return undefined;
      throw error;
    }
  }

  async #adopt(client: Client): Promise<void> {
    this.#client = client;
    client.on('update', (update: { session: string; events: number; code?: string }) => {
      if (update.session !== this.name) return;
      this.#serverEvents += update.events;
      if (update.code === undefined) return;
      this.emit('notice', `another client played: ${update.code.trim()}`);
      let forms: Form[] = [];
      try {
        forms = parseAlda(update.code);
      } catch {
        // The server took it, so it parses there; if not here, the mirror is rebuilt below.
      }
      this.#append(update.code, forms);
    });
    this.#serverPid = (await client.request('ping')).pid as number;
    this.#joined = false;
    await this.#join();
    if (this.#joined && this.#serverEvents > 0 && this.#text === '') {
      this.emit('notice', `Joined session "${this.name}", which holds ${this.#serverEvents} events; :score shows what is played from here on`);
    }
  }

  /**
   * Sends a request; if the server cannot be reached, reconnects and asks `landed` (when given)
   * whether the request took effect before sending it again.
   */
  async #send(type: Parameters<Client['request']>[0], payload: Payload, landed?: () => Promise<Payload | undefined>, timeout?: number): Promise<Payload> {
    for (;;) {
      await this.#reconnecting;
      const client = this.#client!;
      try {
        return await client.request(type, payload, timeout === undefined ? {} : { timeout });
      } catch (error) {
        if (!(error instanceof ConnectionError) || this.#closed) throw error;
        const sameServer = await this.#reconnect(client, error);
        const result = sameServer && landed ? await landed() : undefined;
        if (result) return result;
      }
    }
  }

  /** Resolves whether the server we are back on is the one we lost. Shared by every request that failed. */
  async #reconnect(failed: Client, error: ConnectionError): Promise<boolean> {
    if (this.#client !== failed) {
      await this.#reconnecting;
      return this.#serverPid === this.#lostPid;
    }
    this.#lostPid = this.#serverPid;
    this.#reconnecting ??= (async () => {
      this.#setConnection('reconnecting');
      this.emit('notice', `Lost the server (${error.message}); reconnecting…`);
      failed.close();
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await this.#adopt(await this.#options.connect());
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 4000)));
        }
      }
      const same = this.#serverPid === this.#lostPid;
      if (!same && this.#text !== '') await this.#restore();
      this.#setConnection('connected');
      this.emit('notice', same ? 'Reconnected to the server' : 'Connected to a new server; the session was rebuilt from its text');
    })().finally(() => (this.#reconnecting = undefined));
    await this.#reconnecting;
    return this.#serverPid === this.#lostPid;
  }

  /** A new server knows nothing of the session: give it the text, without playing it again. */
  async #restore(): Promise<void> {
    try {
      const result = await this.#client!.request('eval', { session: this.name, code: this.#text, name: INPUT_NAME, reset: true, play: false, sink: this.#options.sink });
      this.#serverEvents = result.events as number;
      await this.#join();
    } catch (error) {
      this.emit('notice', `Could not rebuild the session on the new server: ${(error as Error).message}`);
    }
  }

  #poll(): void {
    if (this.#closed) return;
    this.#poller = setTimeout(
      () => {
        this.isPlaying().then(
          () => this.#poll(),
          () => this.#poll(),
        );
      },
      this.#playing === undefined ? 1000 : 200,
    );
  }

  #setPlaying(playing: number | undefined): void {
    if (playing === this.#playing) return;
    this.#playing = playing;
    this.#emitStatus();
  }

  #setConnection(connection: ConnectionState): void {
    this.#connection = connection;
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.emit('status', this.status);
  }
}
