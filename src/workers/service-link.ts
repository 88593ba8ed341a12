import WebSocket from 'ws';
import { Backoff } from '../protocol/backoff.js';
import { brokerCommandSchema } from '../protocol/broker-messages.js';
import { Liveness, type LivenessOptions } from '../protocol/liveness.js';
import type { ThreadReply } from './thread-messages.js';
import { WorkThreadHost } from './work-thread-host.js';
import { encode, PROTOCOL_VERSION } from '../protocol/envelope.js';

export interface ServiceLinkOptions {
  /** Where the server is, asked at every (re)connection: a restarted server has a new token, maybe a new port. */
  readonly locate: () => { readonly url: string; readonly token: string } | undefined;
  readonly service: string;
  readonly workerId: string;
  readonly heartbeat?: LivenessOptions;
  /** Set when the server spawned us: once it is gone, so are we. */
  readonly parentPid?: number | undefined;
  /** The largest message the server takes (its `maxPayload`), in bytes. @default 16 MiB */
  readonly maxMessage?: number | undefined;
  readonly onExit: (code: number) => void;
}

/**
 * A worker's link to the broker (paranoid pirate, as the performer's):
 *
 *   connect ─▶ ready SERVICE ─▶ request ─▶ (work thread) ─▶ partial… final|error ─▶ next request
 *                                  cancel ─▶ (a fresh work thread) ─▶ error ALDA_CANCELLED
 *      ▲            heartbeats both ways whenever a link is quiet for an interval
 *      └── backoff 1 s … 32 s ◀── closed, or the broker silent for `liveness` intervals
 *
 * The work runs in a thread, so heartbeats keep flowing during a long compile or render. An
 * answer is sent only on the connection its request came on: after a reconnection the broker
 * has given that request to another worker already.
 */
export class ServiceLink {
  readonly #options: ServiceLinkOptions;
  readonly #backoff = new Backoff();
  readonly #thread: WorkThreadHost;
  readonly #ticker: NodeJS.Timeout;
  #socket: WebSocket | undefined;
  #liveness: Liveness;
  #reconnect: NodeJS.Timeout | undefined;
  /** The request in the thread, and the connection it came on. */
  #current: { id: string; socket: WebSocket } | undefined;
  #closing = false;

  constructor(options: ServiceLinkOptions) {
    this.#options = options;
    this.#liveness = new Liveness(options.heartbeat);
    this.#thread = new WorkThreadHost(options.service, (reply) => this.#answer(reply), (code) => this.close(code === 0 ? 1 : code));
    this.#ticker = setInterval(() => this.#tick(), this.#liveness.interval);
    void this.#thread.started.then(() => this.#connect());
  }

  close(code = 0): void {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#ticker);
    clearTimeout(this.#reconnect);
    this.#send({ type: 'disconnect' });
    this.#socket?.close();
    this.#options.onExit(code);
  }

  #connect(): void {
    if (this.#closing) return;
    const server = this.#options.locate();
    if (!server) {
      this.#reconnect = setTimeout(() => this.#connect(), this.#backoff.next());
      return;
    }
    // The path says what we are: the server settles a connection's role when it connects.
    const socket = new WebSocket(new URL('/worker', server.url), { headers: { authorization: `Bearer ${server.token}` }, maxPayload: 256 * 1024 * 1024 });
    this.#socket = socket;
    socket.on('open', () => {
      this.#backoff.reset();
      this.#liveness = new Liveness(this.#options.heartbeat);
      this.#send({ type: 'ready', service: this.#options.service, worker: this.#options.workerId, pid: process.pid, protocol: [PROTOCOL_VERSION] });
    });
    socket.on('message', (data) => {
      this.#liveness.seen();
      this.#handle(socket, data.toString());
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket !== socket || this.#closing) return;
      this.#socket = undefined;
      this.#reconnect = setTimeout(() => this.#connect(), this.#backoff.next());
    });
  }

  #handle(socket: WebSocket, raw: string): void {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = brokerCommandSchema.safeParse(value);
    // The broker's errors (e.g. to a message it could not read) are for its log, not for us to act on.
    if (!parsed.success) return;
    const command = parsed.data;
    // The broker is going away (majordomo): connect again, with backoff, to whichever server comes next.
    if (command.type === 'disconnect') return void socket.close();
    if (command.type === 'cancel') return this.#cancel(command.id);
    if (command.type !== 'request') return;
    if (this.#current) {
      this.#send({ type: 'error', id: command.id, code: 'ALDA_WORKER_BUSY', message: `Worker ${this.#options.workerId} is busy with ${this.#current.id}` });
      return;
    }
    this.#current = { id: command.id, socket };
    this.#thread.run(command.id, command.body);
  }

  /** The broker gave the request up: the thread is replaced (the work cannot be stopped from inside), and the request answered as stopped. */
  #cancel(id: string): void {
    if (this.#current?.id !== id) return;
    this.#current = undefined;
    this.#thread.restart();
    this.#send({ type: 'error', id, code: 'ALDA_CANCELLED', message: `Worker ${this.#options.workerId} stopped request ${id}, as asked` });
  }

  #answer(reply: Exclude<ThreadReply, { type: 'started' }>): void {
    const current = this.#current;
    if (current?.id !== reply.id) return;
    if (reply.type !== 'partial') this.#current = undefined;
    if (current.socket !== this.#socket) return;
    const limit = this.#options.maxMessage ?? 16 * 1024 * 1024;
    // The server would close the link over a message past its limit, and the request would go from worker to worker.
    if (reply.bytes <= limit) return this.#sendText(reply.text);
    // Progress can be done without; an answer cannot.
    if (reply.type === 'partial') return;
    const mb = (reply.bytes / 1024 / 1024).toFixed(1);
    this.#send({ type: 'error', id: reply.id, code: 'ALDA_RESULT_TOO_LARGE', message: `The answer is ${mb} MB, more than the ${(limit / 1024 / 1024).toFixed(0)} MB a message may carry` });
  }

  #tick(): void {
    const socket = this.#socket;
    if (socket?.readyState === WebSocket.OPEN) {
      this.#liveness.check(() => socket.terminate());
      if (this.#liveness.heartbeatDue()) this.#send({ type: 'heartbeat' });
    }
    const parentPid = this.#options.parentPid;
    if (parentPid !== undefined && process.ppid !== parentPid) this.close();
  }

  #send(message: Record<string, unknown>): void {
    this.#sendText(encode(message));
  }

  #sendText(text: string): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(text);
    this.#liveness.sent();
  }
}
