import WebSocket from 'ws';
import { Backoff } from '../protocol/backoff.js';
import { Liveness, type LivenessOptions } from '../protocol/liveness.js';
import { isLoopbackUrl } from '../protocol/loopback.js';
import { encode, PROTOCOL_VERSION } from '../protocol/envelope.js';
import type { SinkOptions } from '../protocol/messages.js';
import { readPerformerCommand } from '../protocol/performer-command-reader.js';
import type { PerformerCommand, PerformerOffers, PerformerResults } from '../protocol/performer-messages.js';
import { ProtocolError } from '../protocol/protocol-error.js';
import type { ServerLocation } from '../protocol/state-file.js';
import { epochMs, estimateOffset, type ClockSample } from '../protocol/clock-offset.js';
import { LinkUnavailableError } from './link/link-process.js';
import type { SessionClocks } from './link/session-clocks.js';
import type { Performer } from './performer.js';
import { playCommand } from './play-commands.js';
import type { Sink } from './sinks/sink.js';

export interface WorkerLinkOptions {
  /** Where the server is, asked at every (re)connection. */
  readonly locate: () => ServerLocation | undefined;
  readonly workerId: string;
  /** Serve only this session (started by hand for it); else any. */
  readonly forSession?: string | undefined;
  readonly performer: Performer;
  /** Opens the sinks for a session; `notices` are lines for the user (e.g. no audio device). */
  readonly openSinks: (options: SinkOptions) => Promise<{ sinks: Sink[]; notices: string[]; clockOut?: Sink | undefined }>;
  /** The clock a session plays on: the system's, or Link's with `--link`. */
  readonly clocks?: SessionClocks | undefined;
  readonly heartbeat?: LivenessOptions;
  readonly backoff?: { readonly initial: number; readonly max: number };
  /** Set when a server started us: true once it is gone; we go too, at once if nothing is left to play, else after a liveness window. */
  readonly orphaned?: (() => boolean) | undefined;
  /** Lines for the person who started a performer by hand: where it connected, why it cannot, when it tries again. */
  readonly onStatus?: ((line: string) => void) | undefined;
  readonly onExit: () => void;
}

/** The least quiet time before the next due message in which a command is handled. */
const MIN_GAP_MS = 2;
/** Round trips to the server's clock after each connection, and the time between them. */
const CLOCK_SAMPLES = 32;
const CLOCK_GAP_MS = 25;
/** How many replies are kept, to answer a command the server sends again after losing us. */
const KEPT_REPLIES = 64;
/** The longest a command waits for such a gap: a dense stream may have none, and the server waits for its answer. */
const MAX_WAIT_MS = 50;

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
  /** When we first found our server (the parent that spawned us) gone. */
  #orphanedAt: number | undefined;
  /** Commands not yet handled: they are parsed and run in the gaps between due messages. */
  readonly #inbox: { readonly raw: string; readonly arrived: number }[] = [];
  #draining = false;
  /** The last replies, by the id of their command. */
  readonly #replies = new Map<string, string>();
  /** How long handling a command has been taking (a moving average), in ms. */
  #handlingTime = 1;
  #clockSamples: ClockSample[] = [];

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
    await this.#options.clocks?.close();
    this.#socket?.close();
    this.#options.onExit();
  }

  #connect(): void {
    if (this.#closing) return;
    const server = this.#options.locate();
    if (!server) {
      const delay = this.#backoff.next();
      this.#options.onStatus?.(`No server to connect to; looking again in ${delay / 1000} s`);
      this.#reconnect = setTimeout(() => this.#connect(), delay);
      return;
    }
    // The path says what we are: the server settles a connection's role when it connects.
    const socket = new WebSocket(new URL('/performer', server.url), {
      headers: { authorization: `Bearer ${server.token}` },
      maxPayload: 64 * 1024 * 1024,
      ...(isLoopbackUrl(server.url) ? { generateMask: unmasked } : {}),
    });
    this.#socket = socket;
    let opened = false;
    let failure = '';
    socket.on('open', () => {
      opened = true;
      const serving = this.#options.forSession === undefined ? '' : ` for session "${this.#options.forSession}"`;
      this.#options.onStatus?.(`Connected to ${server.url} as ${this.#options.workerId} (pid ${process.pid})${serving}; Ctrl-C to stop`);
      this.#backoff.reset();
      this.#liveness = new Liveness(this.#options.heartbeat);
      this.#send({
        type: 'ready',
        service: 'performer',
        worker: this.#options.workerId,
        pid: process.pid,
        session: this.#options.performer.session,
        ...(this.#options.forSession === undefined ? {} : { for: this.#options.forSession }),
        protocol: [PROTOCOL_VERSION],
        offers: OFFERS,
      });
      this.#measureClock(socket);
    });
    socket.on('message', (data) => {
      this.#liveness.seen();
      this.#inbox.push({ raw: data.toString(), arrived: performance.now() });
      void this.#drain();
    });
    socket.on('error', (error) => (failure = error.message));
    socket.on('close', () => {
      if (this.#socket !== socket || this.#closing) return;
      this.#socket = undefined;
      const delay = this.#backoff.next();
      const what = opened ? `Lost the connection to ${server.url}` : `Cannot connect to ${server.url}${failure ? ` (${failure})` : ''}`;
      this.#options.onStatus?.(`${what}; trying again in ${delay / 1000} s`);
      this.#reconnect = setTimeout(() => this.#connect(), delay);
    });
  }

  #tick(): void {
    const socket = this.#socket;
    if (socket?.readyState === WebSocket.OPEN) {
      this.#liveness.check(() => socket.terminate());
      if (this.#liveness.heartbeatDue()) this.#send({ type: 'heartbeat' });
    }
    const { orphaned, performer } = this.#options;
    if (!orphaned?.()) return;
    this.#orphanedAt ??= performance.now();
    // Nobody can stop us any more: the server that started us is gone, and a new one cannot adopt
    // us (it has another token). After one liveness window we silence what sounds and exit.
    const window = this.#liveness.interval * this.#liveness.liveness;
    if ((performer.pending === 0 && performer.sounding === 0) || performance.now() - this.#orphanedAt >= window) void this.shutdown();
  }

  #send(message: Record<string, unknown>): void {
    this.#sendRaw(encode(message));
  }

  #sendRaw(raw: string): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(raw);
    this.#liveness.sent();
  }

  /**
   * Handles queued commands one at a time, in order, but only in a gap before the next due
   * message twice as long as handling one has been taking: parsing and checking a batch takes a
   * few ms (more on a busy machine), and doing it just before a deadline would make that message
   * late. Otherwise it tries again just after the deadline's burst, until the command has waited
   * MAX_WAIT_MS: then it is handled at once.
   */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#inbox.length > 0 && !this.#closing) {
        const quiet = this.#options.performer.quietFor();
        const waited = performance.now() - this.#inbox[0]!.arrived;
        if (quiet < Math.max(MIN_GAP_MS, 2 * this.#handlingTime) && waited < MAX_WAIT_MS) {
          // Right after that deadline's burst: a timer of our own would be one more wake-up.
          await this.#options.performer.afterBurst(MAX_WAIT_MS - waited);
          continue;
        }
        const started = performance.now();
        const { raw, arrived } = this.#inbox.shift()!;
        await this.#handle(raw, arrived);
        this.#handlingTime = 0.8 * this.#handlingTime + 0.2 * (performance.now() - started);
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * Asks the server's time CLOCK_SAMPLES times, CLOCK_GAP_MS apart, and says how far its clock is
   * from ours and how sure that is: for a performer on another machine without Link, whose notes
   * the server places by its own clock.
   */
  #measureClock(socket: WebSocket): void {
    this.#clockSamples = [];
    let asked = 0;
    const ask = () => {
      if (this.#socket !== socket || this.#closing) return;
      this.#send({ type: 'clock', sent: epochMs() });
      if (++asked < CLOCK_SAMPLES) setTimeout(ask, CLOCK_GAP_MS);
    };
    ask();
  }

  #clockAnswer(sent: number, server: number, arrived: number): void {
    // `arrived` is on performance.now(): the moment the answer came, not when it was read.
    this.#clockSamples.push({ sent, server, received: performance.timeOrigin + arrived });
    if (this.#clockSamples.length !== CLOCK_SAMPLES) return;
    const { offset, accuracy, samples } = estimateOffset(this.#clockSamples)!;
    const line = `The server's clock is ${offset >= 0 ? '+' : ''}${offset.toFixed(2)} ms from ours (± ${accuracy.toFixed(2)} ms, ${samples} round trips)`;
    this.#options.onStatus?.(line);
    this.notice(line);
  }

  async #handle(raw: string, arrived: number): Promise<void> {
    const command = readPerformerCommand(raw);
    if (command instanceof ProtocolError) {
      this.#send({ type: 'error', id: command.messageId, code: command.code, message: command.message });
      return;
    }
    if (command.type === 'clock') return this.#clockAnswer(command.sent, command.server, arrived);
    const id = 'id' in command ? command.id : undefined;
    // A server that lost us (it was too busy to heartbeat) sends again what it has no answer to.
    const kept = id === undefined ? undefined : this.#replies.get(id);
    if (kept !== undefined) {
      this.#sendRaw(kept);
      return;
    }
    try {
      const result = await this.#run(command);
      if (id !== undefined && result) this.#reply(id, { type: 'reply', id, result });
    } catch (error) {
      const { code = 'ALDA_PERFORMER_ERROR', message } = error as Error & { code?: string };
      if (id === undefined) this.#send({ type: 'error', code, message });
      else this.#reply(id, { type: 'error', id, code, message });
    }
  }

  #reply(id: string, message: Record<string, unknown>): void {
    const raw = encode(message);
    this.#replies.set(id, raw);
    if (this.#replies.size > KEPT_REPLIES) this.#replies.delete(this.#replies.keys().next().value!);
    this.#sendRaw(raw);
  }

  #run(command: Exclude<PerformerCommand, { type: 'clock' }>): Promise<object | undefined> {
    return (this.#handlers[command.type] as CommandHandler<typeof command.type>)(command);
  }

  /** What each command does: one handler per command type, typed by it. */
  readonly #handlers: { readonly [T in Exclude<PerformerCommand['type'], 'clock'>]: CommandHandler<T> } = {
    // The server's chosen version is ours (we speak one) and its heartbeat interval the protocol's.
    welcome: async () => undefined,
    open: async (command) => {
      const { clocks } = this.#options;
      if (command.sink.link !== undefined && clocks === undefined) throw new LinkUnavailableError('this performer has no Link clock');
      const clock = await clocks?.open(command.sink.link);
      const { sinks, notices, clockOut } = await this.#options.openSinks(command.sink);
      await this.#options.performer.open(command.session, sinks, { clock, clockOut, lookahead: command.lookahead });
      return { session: command.session, sinks: sinks.map((s) => s.name), notices, link: clocks?.status() };
    },
    schedule: (command) => playCommand(this.#options.performer, command),
    replace: (command) => playCommand(this.#options.performer, command),
    stop: (command) => playCommand(this.#options.performer, command),
    panic: (command) => playCommand(this.#options.performer, command),
    position: async (command) => ({ ...(await playCommand(this.#options.performer, command)), link: this.#options.clocks?.status() }),
    heartbeat: async () => undefined,
    shutdown: async () => {
      await this.shutdown();
      return undefined;
    },
  };
}

/** What this performer can play through and keep time by (docs/protocol.md, "Negotiation"). */
/**
 * The masking key of each frame we send on loopback: zero, which leaves the frame as it is (ws skips
 * masking it, and the server's ws unmasking it). Masking keeps proxies between a browser and a server
 * from taking a frame for a request of their own; on loopback there is none. Masked, every frame went
 * through a byte-at-a-time loop here and another in the server, and the 32 clock samples after each
 * connection and the heartbeats made both hot within seconds of an idle start: V8's optimizing
 * compiler then mapped 3 MB more of node's code into each process, and kept its memory.
 */
const unmasked = (mask: Buffer): void => void mask.fill(0);

const OFFERS: PerformerOffers = { sinks: ['port', 'synth', 'record'], clocks: ['internal'] };

/** Carries out one type of command; the result is the reply's, none for a command without an id. */
type CommandHandler<T extends Exclude<PerformerCommand['type'], 'clock'>> = (
  command: Extract<PerformerCommand, { type: T }>,
) => Promise<T extends keyof PerformerResults ? PerformerResults[T] : undefined>;
