import WebSocket from 'ws';
import { Backoff } from '../server/backoff.js';
import { Liveness, type LivenessOptions } from '../server/liveness.js';
import { decode, encode, performerCommandSchema, ProtocolError, type PerformerCommand, type SinkOptions } from '../server/protocol.js';
import type { Performer } from './performer.js';
import type { Sink } from './sinks/sink.js';

export interface WorkerLinkOptions {
  readonly url: string;
  readonly token: string;
  readonly workerId: string;
  readonly performer: Performer;
  /** Opens the sinks for a session; `notices` are lines for the user (e.g. no audio device). */
  readonly openSinks: (options: SinkOptions) => Promise<{ sinks: Sink[]; notices: string[] }>;
  readonly heartbeat?: LivenessOptions;
  readonly backoff?: { readonly initial: number; readonly max: number };
  /** Set when the server spawned us: once it is gone and nothing is left to play, we go too. */
  readonly parentPid?: number | undefined;
  readonly onExit: () => void;
}

/**
 * The performer's side of its link to the server, a worker of service `performer`:
 *
 *   connect ──▶ ready ──▶ commands ⇄ replies, heartbeats both ways when idle
 *      ▲                     │ silent 3 intervals, or closed
 *      └── backoff 1 s … 32 s ◀┘   (the queue keeps playing meanwhile)
 */
export class WorkerLink {
  readonly #options: WorkerLinkOptions;
  readonly #backoff: Backoff;
  #socket: WebSocket | undefined;
  #liveness: Liveness;
  readonly #ticker: NodeJS.Timeout;
  #reconnect: NodeJS.Timeout | undefined;
  #closing = false;

  constructor(options: WorkerLinkOptions) {
    this.#options = options;
    this.#backoff = new Backoff(options.backoff?.initial, options.backoff?.max);
    this.#liveness = new Liveness(options.heartbeat);
    this.#ticker = setInterval(() => this.#tick(), this.#liveness.interval);
    this.#connect();
  }

  /** Tells the server that the queue ran dry (for clients waiting on the end of playback). */
  idle(position: number): void {
    this.#send({ type: 'idle', session: this.#options.performer.session, position });
  }

  notice(message: string): void {
    this.#send({ type: 'notice', message });
  }

  async shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#ticker);
    clearTimeout(this.#reconnect);
    await this.#options.performer.close();
    this.#socket?.close();
    this.#options.onExit();
  }

  #connect(): void {
    const socket = new WebSocket(this.#options.url, {
      headers: { authorization: `Bearer ${this.#options.token}` },
      maxPayload: 64 * 1024 * 1024,
    });
    this.#socket = socket;
    socket.on('open', () => {
      this.#backoff.reset();
      this.#liveness = new Liveness(this.#options.heartbeat);
      this.#send({
        type: 'ready',
        service: 'performer',
        worker: this.#options.workerId,
        pid: process.pid,
        session: this.#options.performer.session,
      });
    });
    socket.on('message', (data) => {
      this.#liveness.seen();
      void this.#handle(data.toString());
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket !== socket || this.#closing) return;
      this.#socket = undefined;
      this.#reconnect = setTimeout(() => this.#connect(), this.#backoff.next());
    });
  }

  #tick(): void {
    const socket = this.#socket;
    if (socket?.readyState === WebSocket.OPEN) {
      if (this.#liveness.expired()) socket.terminate();
      else if (this.#liveness.heartbeatDue()) this.#send({ type: 'heartbeat' });
    }
    const { parentPid, performer } = this.#options;
    const orphaned = parentPid !== undefined && process.ppid !== parentPid;
    if (orphaned && performer.pending === 0 && performer.sounding === 0) void this.shutdown();
  }

  #send(message: Record<string, unknown>): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(encode(message));
    this.#liveness.sent();
  }

  async #handle(raw: string): Promise<void> {
    const command = decode(performerCommandSchema, raw);
    if (command instanceof ProtocolError) {
      this.#send({ type: 'error', id: command.messageId, code: command.code, message: command.message });
      return;
    }
    try {
      const result = await this.#run(command);
      if ('id' in command && result) this.#send({ type: 'reply', id: command.id, result });
    } catch (error) {
      const { code = 'ALDA_PERFORMER_ERROR', message } = error as Error & { code?: string };
      this.#send({ type: 'error', id: 'id' in command ? command.id : undefined, code, message });
    }
  }

  async #run(command: PerformerCommand): Promise<Record<string, unknown> | undefined> {
    const performer = this.#options.performer;
    switch (command.type) {
      case 'open': {
        const { sinks, notices } = await this.#options.openSinks(command.sink);
        await performer.open(command.session, sinks);
        return { session: command.session, sinks: sinks.map((s) => s.name), notices };
      }
      case 'schedule':
        return { ...performer.schedule(command.start, command.messages, command.continues ?? false), position: performer.position() };
      case 'replace':
        return { ...performer.replace(command.part, command.from, command.messages), position: performer.position() };
      case 'stop':
        performer.stop();
        return { position: performer.position() };
      case 'position':
        return { position: performer.position(), pending: performer.pending, sounding: performer.sounding };
      case 'heartbeat':
        return undefined;
      case 'shutdown':
        await this.shutdown();
        return undefined;
    }
  }
}
