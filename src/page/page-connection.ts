import { CodedError } from '../protocol/coded-error.js';
import { encode } from '../protocol/envelope.js';
import type { ServerToClient } from '../protocol/messages.js';
import { ProtocolError } from '../protocol/protocol-error.js';
import { readServerMessage } from '../protocol/server-message-reader.js';
import { CREDENTIAL_PROTOCOL, PAGE_PROTOCOL } from '../protocol/page-credential.js';
import type { AnyRequestType, ResultOf } from '../protocol/results.js';

/** An error reply: its code, message and, for a score that does not evaluate, its span. */
export class RequestFailure extends CodedError<string> {}

type Update = Extract<ServerToClient, { type: 'update' }>;
type SessionEvent = Extract<ServerToClient, { type: 'event' }>;

export interface PageConnectionListeners {
  readonly update: (update: Update) => void;
  readonly event: (event: SessionEvent) => void;
  /** The connection closed; `open` makes another. */
  readonly closed: () => void;
}

/** How long a request may wait for its answer, in ms: an evaluation of a long score takes a while. */
const REQUEST_TIMEOUT = 30_000;

/**
 * The page as a client of the protocol (docs/protocol.md): one WebSocket back to the server that
 * served it, presenting the page credential; requests answered by id, every message checked
 * on arrival as every other client checks it (server-message-reader.ts, without zod).
 */
export class PageConnection {
  readonly #socket: WebSocket;
  readonly #waiting = new Map<string, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  readonly #client = Math.random().toString(36).slice(2, 10);
  #sequence = 0;

  private constructor(socket: WebSocket, listeners: PageConnectionListeners) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = readServerMessage(String(event.data));
      if (message instanceof ProtocolError) return;
      if (message.type === 'update') return listeners.update(message);
      if (message.type === 'event') return listeners.event(message);
      const waiting = message.id === undefined ? undefined : this.#waiting.get(message.id);
      if (!waiting) return;
      if (message.type === 'reply') waiting.resolve(message.result);
      else waiting.reject(new RequestFailure(message.code, message.message, message.span));
    });
    socket.addEventListener('close', () => {
      for (const waiting of this.#waiting.values()) waiting.reject(new RequestFailure('ALDA_DISCONNECTED', 'The connection to the server closed'));
      this.#waiting.clear();
      listeners.closed();
    });
  }

  /** Connects to the server the page came from; rejects if it refuses the credential or is gone. */
  static open(credential: string, listeners: PageConnectionListeners): Promise<PageConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${location.host}/`, [PAGE_PROTOCOL, CREDENTIAL_PROTOCOL + credential]);
      const refused = () => reject(new RequestFailure('ALDA_REFUSED', 'The server refused the page, or is not running: run `alda-live page` for a new link'));
      socket.addEventListener('error', refused, { once: true });
      socket.addEventListener(
        'open',
        () => {
          socket.removeEventListener('error', refused);
          resolve(new PageConnection(socket, listeners));
        },
        { once: true },
      );
    });
  }

  request<T extends AnyRequestType>(type: T, payload: Record<string, unknown> = {}): Promise<ResultOf<T>> {
    const id = `page-${this.#client}:${++this.#sequence}`;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new RequestFailure('ALDA_TIMEOUT', `The server did not answer \`${type}\` within ${REQUEST_TIMEOUT / 1000} s`));
      }, REQUEST_TIMEOUT);
      this.#waiting.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          this.#waiting.delete(id);
          resolve(result as ResultOf<T>);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.#waiting.delete(id);
          reject(error);
        },
      });
      this.#socket.send(encode({ ...payload, type, id }));
    });
  }

  close(): void {
    this.#socket.close(1000, 'page closed');
  }
}
