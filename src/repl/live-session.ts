import { EventEmitter } from 'node:events';
import { compile } from '../engine/compile.js';
import { parseAlda } from '../engine/parser/parse.js';
import { Score } from '../engine/score.js';
import { AldaError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';
import { randomUUID } from 'node:crypto';
import { ConnectionError, RequestError, type Client } from '../client/client.js';
import type { TransformStep } from '../protocol/messages.js';
import type { AnyRequestType, EvalResult, LinkStatus, LiveStatusResult, ResultOf } from '../protocol/results.js';
import { LiveMode } from './live-mode.js';
import { INPUT_NAME, replError } from './repl-error.js';
import type { ReplError } from './transcript.js';
import { ScoreMirror } from './score-mirror.js';
import { serverIdentity } from './server-identity.js';

type Payload = Record<string, unknown>;

export interface LiveSessionOptions {
  /** The server session to join (created by the first evaluation if it does not exist). */
  readonly session: string;
  /** Finds the server, or starts one: `connect()` from ./connection.js, with its options. */
  readonly connect: () => Promise<Client>;
  /** Where the session's performer plays, when this REPL is the one that creates the session. */
  readonly sink?: { readonly port?: string | undefined; readonly record?: string | undefined };
  /** How long to wait between attempts to find a server again, in ms (doubling up to 8×). @default 500 */
  readonly retryDelay?: number;
  /** How often the position is asked while nothing plays, in ms (while something plays, every 200 ms). @default 1000 */
  readonly idlePoll?: number;
}

/** `no server`: it went away while nobody asked for anything; the next input starts one. */
export type ConnectionState = 'connected' | 'reconnecting' | 'no server';

export interface Status {
  readonly connection: ConnectionState;
  readonly session: string;
  /** The score's parts; in live mode, the parts looping. */
  readonly parts: readonly string[];
  /** The score time being played, in ms (in live mode, the loop transport's); undefined when nothing plays. */
  readonly playing: number | undefined;
  /** In live mode, where changes take effect (`loop`, `bar`…); undefined otherwise. */
  readonly quant?: string | undefined;
  /** With `--link`: where Link is, as the performer last said. */
  readonly link?: LinkStatus | undefined;
}

export type Outcome = { readonly ok: true; readonly result: EvalResult } | { readonly ok: false; readonly error: ReplError };

/**
 * How long one request may take. A server that has gone away is noticed at once (its socket
 * closes); this only bounds a server that hangs, and leaves room for a first evaluation that
 * waits for its performer to start.
 */
const REQUEST_TIMEOUT = 10_000;

const isMissingSession = (error: unknown) => error instanceof RequestError && error.code === 'ALDA_NO_SUCH_SESSION';

/**
 * The REPL's side of a server session: every input goes to the server, which evaluates it
 * incrementally and plays its new notes after what is queued; a mirror of the text and score
 * is kept here.
 *
 * When a request cannot reach the server, the session reconnects, starting a server if need
 * be, and sends the request again under the same id: the same server answers a repeated id
 * once (its reply store), so an input whose fate is unknown is not evaluated twice; a new
 * server first gets the session's text back (without playing it), and then the input.
 *
 * Emits `status` (Status) and `notice` (string).
 */
export class LiveSession extends EventEmitter {
  readonly name: string;
  /** Live mode: every part loops, and what changes the score changes the loops at their next boundary. */
  readonly live = new LiveMode(this);
  /** The transformers (broker services) what each evaluation plays goes through, in order (`:transform`). */
  transform: readonly TransformStep[] = [];
  readonly #options: LiveSessionOptions;
  readonly #mirror = new ScoreMirror();
  #client: Client | undefined;
  #server: string | undefined;
  #reconnecting: Promise<boolean> | undefined;
  /** Our request ids, `ID:SEQ`, the same across reconnections, so that a request sent again is known for a repeat. */
  readonly #requestIds = randomUUID().slice(0, 12);
  #sequence = 0;
  /** Events the server's session holds, as far as we know. */
  #serverEvents = 0;
  /** Whether the server tells us of other clients' inputs in the session. */
  #joined = false;
  /** Evaluations sent and not yet answered. */
  #evaluating = 0;
  #link: LinkStatus | undefined;
  /** Timeline ms minus score ms of the last batch played, to show the score position. */
  #shift = 0;
  #connection: ConnectionState = 'connected';
  /** The server went away while only the REPL's own watching asked it something: why, until an input starts one. */
  #away: ConnectionError | undefined;
  #playing: number | undefined;
  #poller: NodeJS.Timeout | undefined;
  /** Shows ▶ when the first note of an evaluation is due, without waiting for the next poll. */
  #due: NodeJS.Timeout | undefined;
  /** The loops, as last seen, while in live mode. */
  #loops: LiveStatusResult | undefined;
  #looping = false;
  /** Another client evaluated in the session since live mode started (which ends the loops). */
  #othersPlayed = false;
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
    const loops = this.#looping ? this.#loops : undefined;
    if (loops) return { connection: this.#connection, session: this.name, parts: loops.parts.map((p) => p.part), playing: loops.now, quant: loops.quant, link: loops.link };
    const parts = [...new Set(this.score.view().parts.map((part) => part.name))];
    return { connection: this.#connection, session: this.name, parts, playing: this.#playing, link: this.#link };
  }

  /** Live mode on or off (set by `live`): while on, the status follows the loops. */
  set looping(on: boolean) {
    this.#looping = on;
    this.#othersPlayed = false;
    if (!on) this.#loops = undefined;
    this.emit('status', this.status);
    if (on) void this.loops().catch(() => undefined);
  }

  /** The loops now (updating the status), or undefined when the session is not in live mode. */
  async loops(watching = false): Promise<LiveStatusResult | undefined> {
    try {
      this.#loops = await this.#send('live-status', { session: this.name }, REQUEST_TIMEOUT, watching);
    } catch (error) {
      if (!(error instanceof RequestError && error.code === 'ALDA_NOT_LIVE')) throw error;
      this.#loops = undefined;
    }
    this.emit('status', this.status);
    return this.#loops;
  }

  /**
   * Connects (or starts the server), joins the session if it exists, and starts watching the
   * position. Resolves with what to tell the user of a session joined (undefined for a new one).
   * Refused (`ALDA_SINK_IN_USE`) when the session already plays through another sink than ours.
   */
  async open(): Promise<string | undefined> {
    await this.#adopt(await this.#options.connect());
    this.#poll();
    return this.#joined ? `Joined session ${this.name} (${this.#serverEvents} notes so far)` : undefined;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#poller);
    clearTimeout(this.#due);
    this.#client?.close();
  }

  /** Evaluates Alda text (alda.lisp forms included) and plays its new notes. */
  async evaluate(code: string): Promise<Outcome> {
    let forms: Form[];
    try {
      forms = parseAlda(code);
    } catch (error) {
      return { ok: false, error: replError(error, code, INPUT_NAME) };
    }
    const outcome = await this.#eval({ code, name: INPUT_NAME }, code);
    if (outcome.ok) this.#changed(() => this.#mirror.append(code, forms));
    return this.#joinAfter(outcome);
  }

  /** Plays the whole score again from the start (or between markers or `m:ss` times). */
  async replay(from?: string, to?: string): Promise<Outcome> {
    return this.#joinAfter(await this.#eval({ code: this.text, name: INPUT_NAME, reset: true, from, to }, this.text));
  }

  /** Starts afresh: silence, an empty score, an empty text. */
  async reset(): Promise<Outcome> {
    await this.stop();
    const outcome = await this.#eval({ code: '', reset: true, play: false }, '');
    if (outcome.ok) this.#changed(() => this.#mirror.replace('', new Score()));
    return this.#joinAfter(outcome);
  }

  /** Replaces the score with a file's text, without playing it: later inputs continue after it. */
  async load(text: string, name: string): Promise<Outcome> {
    let score: Score;
    try {
      score = compile(text, name).score;
    } catch (error) {
      if (!(error instanceof AldaError)) throw error;
      return { ok: false, error: replError(error, text, name) };
    }
    await this.stop();
    const outcome = await this.#eval({ code: text, name, reset: true, play: false }, text);
    if (outcome.ok) this.#changed(() => this.#mirror.replace(text, score));
    return this.#joinAfter(outcome);
  }

  /** Silences the session. Resolves true if something was playing. */
  async stop(): Promise<boolean> {
    // A stop ends the loops too: said here, so that nobody else is blamed for it.
    if (this.live.on) this.live.ended();
    // With no server, nothing plays: Ctrl-C does not start one to silence it.
    if (this.#away) return false;
    const playing = await this.isPlaying();
    try {
      await this.#send('stop', { session: this.name });
    } catch (error) {
      if (!isMissingSession(error)) throw error;
    }
    clearTimeout(this.#due);
    this.#setPlaying(undefined);
    return playing;
  }

  /**
   * Asks the performer whether anything is queued or sounding (and updates the status). When the
   * REPL is only `watching` (its poll), a server that went away is not replaced: see #send.
   */
  async isPlaying(watching = false): Promise<boolean> {
    if (this.#away) return false;
    try {
      // Not while an eval is out: the session's text would already hold an input the mirror does not yet.
      if (!this.#joined && this.#evaluating === 0) await this.#join();
      const status = await this.#send('position', { session: this.name }, REQUEST_TIMEOUT, watching);
      this.#link = status.link;
      const playing = status.pending > 0 || status.sounding > 0;
      this.#setPlaying(playing ? Math.max(0, (status.position ?? 0) - this.#shift) : undefined);
      return playing;
    } catch (error) {
      if (isMissingSession(error)) return false;
      throw error;
    }
  }

  /** Any other request (`ps`…), with the same reconnection. */
  request<T extends AnyRequestType>(type: T, payload: Payload = {}): Promise<ResultOf<T>> {
    return this.#send(type, payload);
  }

  async #eval(fields: Payload, code: string): Promise<Outcome> {
    this.#evaluating++;
    try {
      const transform = this.transform.length > 0 ? { transform: this.transform } : {};
      const result = await this.#send('eval', { session: this.name, sink: this.#options.sink, ...transform, ...fields }, REQUEST_TIMEOUT + code.length / 100);
      this.#serverEvents = (fields.reset ? 0 : this.#serverEvents) + result.events;
      if (result.firstDue !== undefined) {
        this.#shift = result.firstDue - result.start;
        this.#playsFrom(result.start, result.firstDue - (result.position ?? result.firstDue));
      }
      for (const notice of result.notices ?? []) this.emit('notice', notice);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: replError(error, code, typeof fields.name === 'string' ? fields.name : INPUT_NAME) };
    } finally {
      this.#evaluating--;
    }
  }

  /** ▶ from when the first new note is due (`inMs` from now) rather than from the next look at the position. */
  #playsFrom(start: number, inMs: number): void {
    clearTimeout(this.#due);
    this.#due = setTimeout(() => {
      if (this.#playing === undefined) this.#setPlaying(start);
    }, Math.max(0, inMs));
  }

  #changed(change: () => void): void {
    change();
    this.emit('status', this.status);
  }

  /** The first evaluation creates the session: join it then, once the mirror holds what was evaluated. */
  async #joinAfter(outcome: Outcome): Promise<Outcome> {
    if (outcome.ok && !this.#joined) await this.#join().catch(() => undefined);
    return outcome;
  }

  /**
   * Joins the session, to hear of other clients' inputs, and takes its text from the server
   * (where other clients may have built it). Before the session exists this does nothing: the
   * first eval creates it, and the position poll tries again meanwhile.
   */
  async #join(): Promise<void> {
    const joined = await this.#sessionEvents();
    if (joined === undefined) return;
    this.#joined = true;
    this.#serverEvents = joined.events;
    if (joined.code !== this.text) this.#changed(() => this.#mirror.replace(joined.code));
  }

  /** The session's event count and text on the server (joining it); undefined if it does not exist there. */
  async #sessionEvents(): Promise<{ events: number; code: string } | undefined> {
    try {
      const joined = await this.#client!.request('join', { session: this.name, sink: this.#options.sink }, { attempts: 1 });
      return { events: joined.events, code: joined.code };
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
      this.#othersPlayed = true;
      // An empty evaluation (a client creating the session) changes nothing to tell.
      if (update.code === undefined || update.code.trim() === '') return;
      this.emit('notice', `Another client played: ${update.code.trim()}`);
      this.#changed(() => this.#mirror.append(update.code!));
    });
    // Said by the server, unasked: the session's performer died mid-song (its notes were silenced).
    client.on('event', (event: { session: string; message: string }) => {
      if (event.session === this.name) this.emit('notice', event.message);
    });
    await client.request('ping', {}, { attempts: 1 });
    this.#server = serverIdentity(client.server);
    this.#joined = false;
    await this.#join();
  }

  /**
   * Sends a request, once per connection: the client's own retries re-read the state file, and
   * could carry an input to a newly started server, into a session that lacks the score. If the
   * server cannot be reached, reconnects (a new server gets the session's text back first) and
   * sends the same request under the same id, which the same server answers only once.
   *
   * The REPL's own `watching` (its poll) does not start a server: a server that went away (a
   * `shutdown`, say) is reported, and the user's next input starts one.
   */
  async #send<T extends AnyRequestType>(type: T, payload: Payload, timeout = REQUEST_TIMEOUT, watching = false): Promise<ResultOf<T>> {
    const id = `${this.#requestIds}:${++this.#sequence}`;
    for (;;) {
      await this.#reconnecting;
      if (this.#away) {
        if (watching) throw this.#away;
        await this.#reconnect(this.#client!, this.#away);
        continue;
      }
      const client = this.#client!;
      try {
        return await client.request(type, payload, { attempts: 1, timeout, id });
      } catch (error) {
        if (!(error instanceof ConnectionError) || this.#closed) throw error;
        if (watching) throw this.#wentAway(client, error);
        await this.#reconnect(client, error);
      }
    }
  }

  /** The server went away while nothing was asked of it by the user: say so, and wait for an input. */
  #wentAway(client: Client, error: ConnectionError): ConnectionError {
    if (this.#away || this.#reconnecting || this.#client !== client) return error;
    this.#away = error;
    this.#setPlaying(undefined);
    this.#setConnection('no server');
    this.emit('notice', `The server went away (${error.message}); your next input starts one, with this session's text`);
    return error;
  }

  /** Finds a server again; resolves whether it is the one that was lost. Shared by every request that failed. */
  #reconnect(failed: Client, error: ConnectionError): Promise<boolean> {
    if (this.#reconnecting) return this.#reconnecting;
    if (this.#client !== failed) return Promise.resolve(true);
    const lost = this.#server;
    const told = this.#away !== undefined;
    this.#away = undefined;
    this.#reconnecting = (async () => {
      this.#setConnection('reconnecting');
      this.emit('notice', told ? 'Starting a server…' : `Lost the server (${error.message}); reconnecting…`);
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
      this.#serverEvents = (await this.#client!.request('eval', payload, { attempts: 1, timeout: REQUEST_TIMEOUT + text.length / 100 })).events;
      await this.#join();
    } catch (error) {
      this.emit('notice', `Could not rebuild the session on the new server: ${(error as Error).message}`);
    }
  }

  /** Watches the position or the loops (and, through them, the connection): often while playing, now and then when not. */
  #poll(): void {
    if (this.#closed) return;
    const next = () => this.#poll();
    const look = this.#looping ? () => this.#watchLoops() : () => this.isPlaying(true);
    const idle = this.#playing === undefined && !this.#looping;
    this.#poller = setTimeout(() => void look().then(next, next), idle ? (this.#options.idlePoll ?? 1000) : 200);
  }

  /** The loops as they go; when they end elsewhere, live mode ends here too, and the user is told why as far as it is known. */
  async #watchLoops(): Promise<void> {
    const others = this.#othersPlayed;
    if ((await this.loops(true)) !== undefined || !this.#looping) return;
    this.live.ended();
    this.emit(
      'notice',
      others
        ? 'Another client evaluated in the session, which ended the loops; :live starts them again'
        : 'The loops stopped (a stop in the session, or its performer failed); :live starts them again',
    );
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
