import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import WebSocket from 'ws';
import { encode } from '../protocol/envelope.js';
import { ProtocolError } from '../protocol/protocol-error.js';
import type { ServerToClient } from '../protocol/messages.js';
import { readServerMessage } from '../protocol/server-message-reader.js';
import type { AnyRequestType, ResultOf } from '../protocol/results.js';
import { readServerState, stateDir as defaultStateDir, type ServerState } from '../protocol/state-file.js';
import { launchServer } from './launch-server.js';
import { RequestError } from './request-error.js';

export { RequestError };

/** The server could not be reached or did not answer. */
export class ConnectionError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ConnectionError';
    this.code = code;
  }
}

export interface ConnectOptions {
  /** Where to find (and start) the server. @default stateDir() */
  readonly stateDir?: string;
  /** Start a server, detached, if none is running. @default true */
  readonly start?: boolean;
  /** How long one attempt at a request may take, in ms. @default 2500 */
  readonly timeout?: number;
  /** Attempts per request before giving up. @default 3 */
  readonly attempts?: number;
  /** A server this command started already (`launchServer`): connect to it once it is up. */
  readonly launched?: Promise<ServerState>;
}

/** What a client goes by, once connected. */
type ClientSettings = Required<Omit<ConnectOptions, 'launched'>>;

type Payload = Record<string, unknown>;

/** A request waiting for its answer; `sentOn`, the connection it went out on, once it has. */
interface Waiting {
  readonly resolve: (result: Payload) => void;
  readonly reject: (error: Error) => void;
  sentOn?: WebSocket;
}

export interface RequestOptions {
  /** How long one attempt may take, in ms. */
  readonly timeout?: number;
  readonly attempts?: number;
  /**
   * The request's id, when the caller sends the same request again itself (through another
   * connection to the same server): the server answers a repeated id once. @default a new one
   */
  readonly id?: string;
}

/**
 * A client of the server, speaking the lazy-pirate pattern: every request has an id
 * (`clientId:seq`); if no answer comes within `timeout`, the client reconnects (with backoff) and
 * sends the same request again, up to `attempts` times. The server answers a repeated id from its
 * store, so a retried `eval` is never evaluated twice.
 *
 * Emits `update` ({session, events, code}) when another client evaluates in a joined session, and
 * `disconnect` when the server closes the connection (it went away, or ended): a client that waits
 * for nothing learns of it at once, not at its next request; and `event` ({session, kind, message})
 * when something happens to a joined session, such as its performer dying.
 */
export class Client extends EventEmitter {
  readonly id = randomUUID().slice(0, 12);
  readonly #options: ClientSettings;
  #state: ServerState;
  #socket: Promise<WebSocket> | undefined;
  #current: WebSocket | undefined;
  #sequence = 0;
  readonly #waiting = new Map<string, Waiting>();
  #closed = false;
  /** Aborted by `close`: a request pausing before its next attempt stops waiting. */
  readonly #closing = new AbortController();

  constructor(state: ServerState, options: ClientSettings) {
    super();
    this.#state = state;
    this.#options = options;
  }

  /**
   * Opens the connection, within one request's timeout: a server that took it, and our token,
   * is there. No request goes back and forth for it.
   */
  async reach(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ConnectionError('ALDA_SERVER_TIMEOUT', `The server at ${this.#state.url} did not take the connection within ${this.#options.timeout / 1000} s`)),
        this.#options.timeout,
      );
    });
    try {
      await Promise.race([this.#open(), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  get server(): ServerState {
    return this.#state;
  }

  /** A fresh request id: `clientId:seq`. */
  nextId(): string {
    return `${this.id}:${++this.#sequence}`;
  }

  /** Sends a request and resolves with its result, retrying as the lazy pirate does. */
  async request<T extends AnyRequestType>(type: T, payload: Payload = {}, options: RequestOptions = {}): Promise<ResultOf<T>> {
    const id = options.id ?? this.nextId();
    const timeout = options.timeout ?? this.#options.timeout;
    const attempts = options.attempts ?? this.#options.attempts;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.#attempt(id, encode({ ...payload, type, id }), timeout)) as ResultOf<T>;
      } catch (error) {
        if (error instanceof ConnectionError && attempt < attempts && !this.#closed) await this.#backOff(attempt);
        if (!(error instanceof ConnectionError) || attempt >= attempts || this.#closed) {
          if (error instanceof ConnectionError && error.code === 'ALDA_TIMEOUT') {
            throw new ConnectionError('ALDA_SERVER_TIMEOUT', `The server at ${this.#state.url} did not answer \`${type}\` (${attempts} attempts of ${timeout / 1000} s)`);
          }
          throw error;
        }
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#closing.abort();
    this.#drop();
  }

  /** Between attempts: a new connection, after a pause that `close` cuts short; the state file may name a new server. */
  async #backOff(attempt: number): Promise<void> {
    this.#drop();
    await pause(Math.min(250 * 2 ** (attempt - 1), 2000), undefined, { signal: this.#closing.signal }).catch(() => undefined);
    this.#state = readServerState(this.#options.stateDir) ?? this.#state;
  }

  async #attempt(id: string, message: string, timeout: number): Promise<Payload> {
    const deadline = setTimeout(() => this.#fail(id, new ConnectionError('ALDA_TIMEOUT', 'timed out')), timeout);
    try {
      return await new Promise<Payload>((resolve, reject) => {
        const waiting: Waiting = { resolve, reject };
        this.#waiting.set(id, waiting);
        this.#open().then(
          (socket) => {
            waiting.sentOn = socket;
            socket.send(message);
          },
          (error: Error) => this.#fail(id, error),
        );
      });
    } finally {
      clearTimeout(deadline);
      this.#waiting.delete(id);
    }
  }

  #fail(id: string, error: Error): void {
    this.#waiting.get(id)?.reject(error);
  }

  #open(): Promise<WebSocket> {
    this.#socket ??= new Promise((resolve, reject) => {
      const socket = new WebSocket(this.#state.url, { headers: { authorization: `Bearer ${this.#state.token}` }, maxPayload: 64 * 1024 * 1024 });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_, response) => {
        socket.terminate();
        reject(
          response.statusCode === 401
            ? new ConnectionError('ALDA_UNAUTHORIZED', `The server at ${this.#state.url} refused our token (is the state file stale?)`)
            : new ConnectionError('ALDA_REFUSED', `The server at ${this.#state.url} refused the connection (HTTP ${response.statusCode})`),
        );
      });
      socket.once('error', (error) => reject(new ConnectionError('ALDA_NO_SERVER', `Cannot reach the server at ${this.#state.url}: ${error.message}`)));
      socket.on('message', (data) => this.#receive(readServerMessage(data.toString())));
      socket.once('close', () => {
        const lost = this.#current === socket && !this.#closed;
        if (this.#socket && this.#current === socket) this.#socket = undefined;
        if (lost) this.emit('disconnect');
        for (const [id, waiting] of this.#waiting) {
          if (waiting.sentOn === socket) this.#fail(id, new ConnectionError('ALDA_DISCONNECTED', 'The connection to the server closed'));
        }
      });
      this.#current = socket;
    });
    return this.#socket;
  }

  #drop(): void {
    this.#current?.terminate();
    this.#current = undefined;
    this.#socket = undefined;
  }

  #receive(message: ServerToClient | ProtocolError): void {
    if (message instanceof ProtocolError) return;
    if (message.type === 'update' || message.type === 'event') {
      this.emit(message.type, message);
      return;
    }
    if (message.id === undefined) return;
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    if (message.type === 'reply') waiting.resolve(message.result);
    else waiting.reject(new RequestError(message.code, message.message, message.span));
  }
}

/**
 * Finds the server of the state dir (or starts one, detached, so the next command reuses it)
 * and connects to it.
 */
export async function connect(options: ConnectOptions = {}): Promise<Client> {
  const settled: ClientSettings = {
    stateDir: options.stateDir ?? defaultStateDir(),
    start: options.start ?? true,
    timeout: options.timeout ?? 2500,
    attempts: options.attempts ?? 3,
  };
  if (options.launched) return new Client(await options.launched, settled);
  const state = readServerState(settled.stateDir);
  if (state) {
    const client = new Client(state, settled);
    try {
      await client.reach();
      return client;
    } catch (error) {
      client.close();
      if (!(error instanceof ConnectionError) || error.code === 'ALDA_TIMEOUT' || error.code === 'ALDA_SERVER_TIMEOUT') throw error;
    }
  }
  if (!settled.start) throw new ConnectionError('ALDA_NO_SERVER', `No server is running for ${settled.stateDir}`);
  return new Client(await launchServer(settled.stateDir, state?.pid), settled);
}

/** What a command prints when a request fails: the server's own message, or why it could not be asked. */
export function describeFailure(error: unknown): string {
  if (error instanceof RequestError || error instanceof ConnectionError) return error.message;
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `Oops! Something went wrong. This is a bug in alda-live; please report it.\n${detail}`;
}
