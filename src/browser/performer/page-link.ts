import { Backoff } from '../../protocol/backoff.js';
import { CodedError } from '../../protocol/coded-error.js';
import { encode, PROTOCOL_VERSION } from '../../protocol/envelope.js';
import { Liveness } from '../../protocol/liveness.js';
import { CREDENTIAL_PROTOCOL, PAGE_PROTOCOL } from '../../protocol/page-credential.js';
import { readPerformerCommand } from '../../protocol/performer-command-reader.js';
import type { PerformerCommand } from '../../protocol/performer-messages.js';
import { ProtocolError } from '../../protocol/protocol-error.js';
import type { PlayedLine } from './worklet-messages.js';
import type { WebAudioPerformer } from './web-audio-performer.js';

/** What the page gets from the process that launched it (`--engine browser`); a page opened by hand has none. */
export interface PageHost {
  /** Appends text to a recording file. */
  record(path: string, text: string): Promise<void>;
  /** The server told the performer to go: the host closes the browser. */
  exit(): Promise<void>;
}

export interface PageLinkOptions {
  /** The server's WebSocket URL (ws://host:port). */
  readonly url: string;
  /** The page credential (page-sign-in), presented as a WebSocket subprotocol, never in a URL. */
  readonly credential: string;
  readonly worker: string;
  /** The pid the server knows this performer by: its host process's, 0 for a page opened by hand. */
  readonly pid: number;
  readonly host: PageHost | undefined;
  /** Serve this session only (`for` in `ready`): the live-coding page's own sound. */
  readonly for?: string | undefined;
  readonly onStatus: (line: string) => void;
  /** The server took this performer (its `welcome`), on every connection. */
  readonly onWelcome?: () => void;
}

/**
 * The page's link to the server, as a worker of service `performer` (docs/protocol.md): it says
 * `ready`, hands each command to the Web Audio performer and sends its reply back, keeps the
 * paranoid-pirate heartbeat, and reconnects with backoff when the link drops (what is queued
 * plays on meanwhile). A recording's lines go to the host, in order, and each reply and `idle`
 * waits for them, as the Node performer's do for its file.
 */
export class PageLink {
  readonly #options: PageLinkOptions;
  #performer: WebAudioPerformer | undefined;
  readonly #backoff = new Backoff();
  #liveness = new Liveness();
  #socket: WebSocket | undefined;
  #session: string | null = null;
  #record: string | undefined;
  /** The recording's lines not yet handed to the host, and the write under way: a reply waits for the lines before it. */
  #unwritten = '';
  #writing: Promise<void> | undefined;
  /** Commands are run one at a time, in order. */
  #queue: Promise<void> = Promise.resolve();
  #closing = false;

  constructor(options: PageLinkOptions) {
    this.#options = options;
  }

  /** Starts talking to the server for this performer. */
  attach(performer: WebAudioPerformer): void {
    this.#performer = performer;
    this.#connect();
  }

  /** The performer's queue ran dry: tell the server (answers `wait`), once the recording holds it all. */
  idle(position: number): void {
    void this.#written().then(() => this.#send({ type: 'idle', session: this.#session, position }));
  }

  /** Lines the synth played, for the recording opened with the session. */
  played(lines: readonly PlayedLine[]): void {
    if (this.#record === undefined || !this.#options.host) return;
    this.#unwritten += lines.map((line) => `{"at":${line.at},"due":${line.due},"data":${JSON.stringify(line.data)}}\n`).join('');
    void this.#written();
  }

  /**
   * Resolves once every line so far is in the file. One write at a time, of all the lines that
   * came meanwhile: a quantum's lines each going to the host on their own would queue up faster
   * than a busy machine writes them, and every reply waits for them.
   */
  async #written(): Promise<void> {
    while (this.#writing || this.#unwritten !== '') {
      this.#writing ??= this.#writeBatch();
      await this.#writing;
    }
  }

  async #writeBatch(): Promise<void> {
    const path = this.#record!;
    const text = this.#unwritten;
    this.#unwritten = '';
    try {
      await this.#options.host!.record(path, text);
    } catch (error) {
      this.#send({ type: 'notice', message: `The recording ${path} failed: ${(error as Error).message}` });
    } finally {
      this.#writing = undefined;
    }
  }

  #connect(): void {
    const { url, credential, worker, pid, onStatus } = this.#options;
    const socket = new WebSocket(new URL('/performer', url), [PAGE_PROTOCOL, CREDENTIAL_PROTOCOL + credential]);
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#backoff.reset();
      this.#liveness = new Liveness();
      onStatus(`Connected to ${url} as ${worker}`);
      const reserved = this.#options.for === undefined ? {} : { for: this.#options.for };
      // Its synth (Web Audio), a recording only through the host that launched it, its audio context's clock.
      const offers = { sinks: this.#options.host ? ['synth', 'record'] : ['synth'], clocks: ['internal'] };
      this.#send({ type: 'ready', service: 'performer', worker, pid, session: this.#session, engine: 'browser', protocol: [PROTOCOL_VERSION], offers, ...reserved });
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      this.#liveness.seen();
      this.#queue = this.#queue.then(() => this.#handle(event.data));
    };
    socket.onclose = () => {
      if (this.#socket !== socket || this.#closing) return;
      this.#socket = undefined;
      const delay = this.#backoff.next();
      onStatus(`${opened ? 'Lost the connection to' : 'Cannot connect to'} ${url}; trying again in ${delay / 1000} s`);
      setTimeout(() => this.#connect(), delay);
    };
  }

  /**
   * The heartbeat's turn: the performer's audio thread calls it (`onTick`), a few times a second
   * of audio rendered. A page's timers are slowed to once a minute in a tab left in the
   * background; the audio thread is not, and an audio context that stops rendering is a
   * performer that cannot play: the server then rightly finds it silent.
   */
  tick(): void {
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) return;
    this.#liveness.check(() => socket.close());
    if (this.#liveness.heartbeatDue()) this.#send({ type: 'heartbeat' });
  }

  #send(message: Record<string, unknown>): void {
    if (this.#socket?.readyState !== WebSocket.OPEN) return;
    this.#socket.send(encode(message));
    this.#liveness.sent();
  }

  async #handle(raw: string): Promise<void> {
    const command = readPerformerCommand(raw);
    if (command instanceof ProtocolError) {
      this.#send({ type: 'error', id: command.messageId, code: command.code, message: command.message });
      return;
    }
    // A clock answer is for performers that ask the server's time (remote ones); this page asks none.
    if (command.type === 'welcome') return this.#options.onWelcome?.();
    if (command.type === 'heartbeat' || command.type === 'clock') return;
    if (command.type === 'shutdown') return this.#shutdown();
    try {
      const result = await this.#run(command);
      await this.#written();
      this.#send({ type: 'reply', id: command.id, result });
    } catch (error) {
      const { code = 'ALDA_PERFORMER_ERROR', message } = error as Error & { code?: string };
      this.#send({ type: 'error', id: command.id, code, message });
    }
  }

  async #run(command: Exclude<PerformerCommand, { type: 'heartbeat' | 'shutdown' | 'clock' | 'welcome' }>): Promise<Record<string, unknown>> {
    const performer = this.#performer!;
    if (command.type !== 'open') return performer.command(command);
    const { port, record } = command.sink;
    if (port !== undefined) throw new CodedError('ALDA_NO_SUCH_PORT', `A browser performer plays through Web Audio and has no MIDI port "${port}"`);
    if (record !== undefined && !this.#options.host) {
      throw new CodedError('ALDA_CANNOT_WRITE', `Cannot record to ${record}: a page opened in a browser writes no files (\`--engine browser\` records)`);
    }
    await this.#written();
    this.#record = record;
    this.#session = command.session;
    await performer.command({ type: 'open', session: command.session, record: record !== undefined });
    return { session: command.session, sinks: ['web-audio', ...(record === undefined ? [] : [`record:${record}`])], notices: [] };
  }

  /** The page is going: its sound goes with it, and it says goodbye, so that its session hears at once. */
  leave(): void {
    this.#closing = true;
    this.#socket?.close(1000, 'page closed');
  }

  async #shutdown(): Promise<void> {
    this.#closing = true;
    await this.#performer?.command({ type: 'stop', v: 1, id: 'shutdown' }).catch(() => undefined);
    await this.#written();
    this.#socket?.close();
    this.#options.onStatus('Stopped by the server');
    await this.#options.host?.exit();
  }
}
