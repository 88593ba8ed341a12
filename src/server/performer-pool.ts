import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { isAdopted, type AdoptedPerformer } from './adopted-performer.js';
import { CodedError } from '../protocol/coded-error.js';
import { isErrorCode } from '../protocol/error-codes.js';
import { chooseVersion } from '../protocol/negotiation.js';
import { Liveness, type LivenessOptions } from '../protocol/liveness.js';
import { encode, PROTOCOL_VERSION } from '../protocol/envelope.js';
import type { SinkOptions } from '../protocol/messages.js';
import { ProtocolError } from '../protocol/protocol-error.js';
import { readResult } from '../protocol/worker-message-reader.js';
import {
  type PerformerCommand,
  type PerformerOffers,
  type PerformerReady,
  type PerformerResults,
  type WorkerMessage,
} from '../protocol/performer-messages.js';
import { epochMs } from '../protocol/clock-offset.js';
import { afterReading } from '../protocol/after-reading.js';

/** A command that expects a reply, without the envelope fields the pool fills in. */
export type PerformerRequest = Extract<PerformerCommand, { id: string }> extends infer C ? (C extends unknown ? Omit<C, 'v' | 'id'> : never) : never;

type ScheduleRequest = Extract<PerformerRequest, { type: 'schedule' }>;

/** The checked `result` of the reply to a command. */
export type ResultFor<C extends PerformerRequest> = PerformerResults[C['type']];

type WorkerState = 'starting' | 'spare' | 'busy' | 'gone';

/**
 * What a performer plays with, and how to start one: the Node process (MIDI port, built-in synth)
 * or a Web Audio page in Chromium, headless or in a window. A session takes a performer of its kind.
 */
export type PerformerLaunch = { readonly engine: 'node' } | { readonly engine: 'browser'; readonly headed: boolean; readonly browser?: string | undefined };

/** Performers of one kind serve each other's sessions: the engine, and for a browser whether it shows a window. */
export function launchKind(launch: PerformerLaunch): string {
  return launch.engine === 'browser' && launch.headed ? 'browser-headed' : launch.engine;
}

/** The launch a session's sink asks for. */
export function sinkLaunch(sink: SinkOptions): PerformerLaunch {
  return sink.engine === 'browser' ? { engine: 'browser', headed: sink.headed ?? false, browser: sink.browser } : { engine: 'node' };
}

/** One performer process, as the server knows it. Liveness lives here, never on the socket. */
export interface WorkerRecord {
  readonly id: string;
  /** `launchKind` of what it plays with. */
  kind: string;
  pid: number | undefined;
  state: WorkerState;
  /** Started by hand for this session only (its `ready` said `for`). */
  readonly reservedFor: string | undefined;
  /** What it said it can play through and keep time by, if it said. */
  offers: PerformerOffers | undefined;
  session: string | null;
  socket: WebSocket | undefined;
  liveness: Liveness;
  readonly child: PerformerProcess | undefined;
  readonly pending: Map<
    string,
    {
      /** The command's type: its reply's `result` is checked against that command's schema. */
      type: PerformerRequest['type'];
      resolve: (result: never) => void;
      reject: (error: Error) => void;
      timer: NodeJS.Timeout;
      /** The command as sent: it goes again when the performer comes back on a new link. */
      readonly message: string;
    }
  >;
}

/** A performer process of ours: a child we spawned, or one started beside the server and handed to it. */
export type PerformerProcess = ChildProcess | AdoptedPerformer;

/** A performer process already started, that the pool takes as one it started itself. */
export interface StartedPerformer {
  readonly id: string;
  readonly child: PerformerProcess;
}

/** Ms after a spare is taken before its replacement starts, if no batch went to it sooner. */
const TOP_UP_DELAY = 100;

/** A performer did not answer, or went away while it was asked something. */
export class PerformerError extends CodedError {}

export interface PerformerPoolOptions {
  /** Starts a performer process that will connect back as worker `id`; undefined spawns none (tests, remote performers). */
  readonly spawn: ((id: string, launch: PerformerLaunch) => ChildProcess) | undefined;
  /** Performers kept started and idle, so that a new session plays at once. @default 1 */
  readonly spares?: number;
  /** Performers of the pool's kind spawned already (the server's head start): counted among the spares, and watched, as those it starts. */
  readonly started?: readonly StartedPerformer[];
  /** What the spares play with; a session that asks for another kind has one started for it. @default node */
  readonly launch?: PerformerLaunch;
  readonly heartbeat?: LivenessOptions;
  /**
   * How long a command to a performer may take, in ms. @default 5000
   * An `open` waits longer, as long as its performer is alive (heartbeating): opening a MIDI
   * port or the synth's sound bank can take that long on a busy machine, and the ticker buries a
   * performer that goes silent, which fails the request.
   */
  readonly requestTimeout?: number;
  /** Performer processes alive at once, spares included; a session past it waits for one to end. @default 40 */
  readonly maxPerformers?: number;
  /** The server's `--lookahead`, sent with every `open`; undefined leaves each performer its own. */
  readonly lookahead?: number | undefined;
  readonly onIdle: (session: string, position: number) => void;
  readonly onNotice: (worker: WorkerRecord, message: string) => void;
  /** A session's performer died; the session plays on the next one it gets. */
  readonly onLost: (session: string) => void;
  readonly log: (line: string) => void;
}

/**
 * The broker for service `performer`: one performer per session, taken from a warm pool.
 *
 *   spawn ─▶ starting ─ready─▶ spare ─acquire(session)─▶ busy ─release / death─▶ gone
 *
 * A dead performer (its process exited, its socket closed for `liveness` intervals, or it went
 * silent that long) is killed and replaced, so that there is always a spare.
 */
export class PerformerPool {
  readonly #options: PerformerPoolOptions;
  readonly #spares: number;
  readonly #requestTimeout: number;
  readonly #maxPerformers: number;
  readonly #workers = new Map<string, WorkerRecord>();
  readonly #launch: PerformerLaunch;
  /** Sessions waiting for a performer, oldest first, with the kind each wants. */
  readonly #waiting: { readonly session: string; readonly launch: PerformerLaunch; readonly take: (worker: WorkerRecord) => void; readonly fail: (error: Error) => void }[] = [];
  readonly #ticker: NodeJS.Timeout;
  #closed = false;
  /** The start of the spares that replace those just taken, once a batch has gone or a moment has passed. */
  #replacement: NodeJS.Timeout | undefined;
  #sequence = 0;
  /** Ids of this server's requests never repeat those of another: a performer may outlive a server and join the next. */
  readonly #idPrefix = `s${randomUUID().slice(0, 8)}-`;

  constructor(options: PerformerPoolOptions) {
    const { spares = 1, requestTimeout = 5000, maxPerformers = 40 } = options;
    if (!(Number.isInteger(maxPerformers) && maxPerformers > spares)) {
      throw new TypeError(`Expected \`maxPerformers\` to be an integer above \`spares\` (${spares}), got ${maxPerformers} (${typeof maxPerformers})`);
    }
    this.#maxPerformers = maxPerformers;
    if (!(Number.isInteger(spares) && spares >= 0 && spares <= 16)) {
      throw new TypeError(`Expected \`spares\` to be an integer from 0 to 16, got ${spares} (${typeof spares})`);
    }
    this.#options = options;
    this.#launch = options.launch ?? { engine: 'node' };
    this.#spares = spares;
    this.#requestTimeout = requestTimeout;
    this.#ticker = setInterval(() => this.#tick(), new Liveness(options.heartbeat).interval);
    for (const { id, child } of options.started ?? []) this.#watch(id, child, launchKind(this.#launch));
    this.#topUp();
  }

  get workers(): readonly WorkerRecord[] {
    return [...this.#workers.values()].filter((w) => w.state !== 'gone');
  }

  /**
   * A worker said `ready`: a performer we spawned, one started by hand, or one coming back after
   * losing us. Refused (a PerformerError): an id already connected from another process (one
   * performer must not take over another's session by naming itself alike), or no protocol
   * version in common.
   */
  attach(socket: WebSocket, ready: PerformerReady): WorkerRecord {
    const protocol = ready.protocol === undefined ? PROTOCOL_VERSION : chooseVersion(ready.protocol);
    let worker = this.#workers.get(ready.worker);
    if (worker && worker.state !== 'gone' && worker.pid !== undefined && worker.pid !== ready.pid) {
      if (worker.socket?.readyState === WebSocket.OPEN) {
        throw new PerformerError('ALDA_WORKER_ID_TAKEN', `Another performer (pid ${worker.pid}) is connected as "${ready.worker}": choose another id`);
      }
      // Another process under a dead one's id: the dead one's session has lost its performer.
      this.#bury(worker, 'replaced by another process');
      worker = undefined;
    }
    if (worker && worker.state !== 'gone') {
      if (worker.socket !== socket) worker.socket?.terminate();
      worker.socket = socket;
      worker.pid = ready.pid;
      // Handed to us, not spawned: its pid is learnt here, from the one process we told its id and the token.
      if (worker.child && isAdopted(worker.child)) worker.child.pid ??= ready.pid;
      worker.liveness = new Liveness(this.#options.heartbeat);
      // A performer drops a server that was silent too long (busy evaluating a big score), and
      // comes back: what it may never have seen goes again, or its session would wait for it in
      // vain. It answers a command it did see from the reply it kept, without running it twice.
      for (const waiting of worker.pending.values()) socket.send(waiting.message);
    } else {
      // Started by hand: a page someone opened serves the sessions that ask for a browser.
      worker = this.#record(ready.worker, undefined, ready.engine ?? 'node', ready.for);
      worker.socket = socket;
      worker.pid = ready.pid;
      this.#workers.set(worker.id, worker);
    }
    worker.offers = ready.offers;
    if (ready.protocol) this.#send(worker, { type: 'welcome', protocol, heartbeat: worker.liveness.interval });
    if (worker.state === 'starting') worker.state = 'spare';
    if (worker.state === 'spare') this.#offer(worker);
    return worker;
  }

  /**
   * Any message from a worker: it is alive; replies settle their requests. A reply whose
   * `result` is not what its command answers is refused (`ALDA_BAD_REPLY`), logged, and told to
   * the performer: nothing of it reaches a session.
   */
  receive(worker: WorkerRecord, message: WorkerMessage): void {
    worker.liveness.seen();
    if (message.type === 'reply' || (message.type === 'error' && message.id !== undefined)) {
      const waiting = worker.pending.get(message.id!);
      if (!waiting) return;
      worker.pending.delete(message.id!);
      clearTimeout(waiting.timer);
      if (message.type === 'error') {
        // A performer's own codes (it may be written in anything) reach clients as ALDA_PERFORMER_ERROR.
        const code = isErrorCode(message.code) ? message.code : 'ALDA_PERFORMER_ERROR';
        waiting.reject(new PerformerError(code, message.message));
        return;
      }
      const result = readResult(waiting.type, message.result);
      if (result instanceof ProtocolError) {
        const problem = result.message.replace(/^Invalid message( at )?/, (_, at?: string) => `Invalid reply to \`${waiting.type}\`${at ? ' at result.' : ''}`);
        this.#options.log(`Performer ${worker.id} (pid ${worker.pid}): ${problem}`);
        this.#send(worker, { type: 'error', id: message.id, code: 'ALDA_BAD_MESSAGE', message: problem });
        waiting.reject(new PerformerError('ALDA_BAD_REPLY', `The performer ${worker.id} gave a bad answer: ${problem}`));
        return;
      }
      waiting.resolve(result as never);
    } else if (message.type === 'idle' && worker.session !== null) {
      this.#options.onIdle(worker.session, message.position);
    } else if (message.type === 'notice') {
      this.#options.onNotice(worker, message.message);
    } else if (message.type === 'clock') {
      this.#send(worker, { type: 'clock', sent: message.sent, server: epochMs() });
    }
  }

  /**
   * The socket of a worker closed: it may come back (it reconnects), or be found dead by the
   * ticker. One started by hand that said goodbye (`clean`: a page closed, a performer that quit)
   * will not: its session hears at once, rather than after the silence of three heartbeats.
   */
  disconnected(socket: WebSocket, clean = false): void {
    for (const worker of this.#workers.values()) {
      if (worker.socket !== socket) continue;
      worker.socket = undefined;
      if (clean && worker.child === undefined && !this.#closed) this.#bury(worker, 'it left');
    }
  }

  /**
   * Takes a spare performer of the kind asked for, for a session, waiting for one to start if
   * there is none: one started by hand for this session first, then one started by hand for any,
   * then our own.
   */
  acquire(session: string, launch: PerformerLaunch = { engine: 'node' }, timeout = 30_000): Promise<WorkerRecord> {
    const kind = launchKind(launch);
    const spare = [...this.#workers.values()]
      .filter((w) => w.state === 'spare' && w.socket && w.kind === kind && serves(w, session))
      .sort((a, b) => preference(a, session) - preference(b, session))[0];
    const claim = (worker: WorkerRecord): WorkerRecord => {
      worker.state = 'busy';
      worker.session = session;
      // Starting a process holds this thread some 20 ms: the spare that replaces this one starts
      // once the session's `open` and first batch have gone, not in their way to the first note.
      this.#replacement ??= setTimeout(() => this.#replace(), TOP_UP_DELAY).unref();
      return worker;
    };
    if (spare) return Promise.resolve(claim(spare));
    return new Promise((resolve, reject) => {
      const waiting = {
        session,
        launch,
        take: (worker: WorkerRecord) => {
          clearTimeout(timer);
          resolve(claim(worker));
        },
        fail: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiting), 1);
        reject(new PerformerError('ALDA_NO_PERFORMER', `No performer became ready within ${timeout / 1000} s`));
      }, timeout);
      this.#waiting.push(waiting);
      this.#topUp();
    });
  }

  /** Whether a command to the worker goes out now (`request` sends it before it returns). */
  connected(worker: WorkerRecord): boolean {
    return worker.state !== 'gone' && worker.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a command and resolves with the performer's reply, checked. */
  request<C extends PerformerRequest>(worker: WorkerRecord, command: C): Promise<ResultFor<C>> {
    const lookahead = command.type === 'open' && this.#options.lookahead !== undefined ? { lookahead: this.#options.lookahead } : {};
    return this.#ask(worker, command.type, (id) => encode({ ...command, ...lookahead, id })) as Promise<ResultFor<C>>;
  }

  /**
   * A `schedule` whose messages are JSON text already (made in a score thread): they go as they
   * are, not parsed and written again.
   */
  schedule(worker: WorkerRecord, command: Omit<ScheduleRequest, 'messages'>, messages: string): Promise<ResultFor<ScheduleRequest>> {
    return this.#ask(worker, 'schedule', (id) => `${encode({ ...command, id }).slice(0, -1)},"messages":${messages}}`) as Promise<ResultFor<ScheduleRequest>>;
  }

  #ask(worker: WorkerRecord, type: PerformerRequest['type'], encoded: (id: string) => string): Promise<unknown> {
    const socket = worker.socket;
    if (!this.connected(worker) || !socket) {
      return Promise.reject(new PerformerError('ALDA_PERFORMER_GONE', 'The performer is not connected'));
    }
    const id = `${this.#idPrefix}${++this.#sequence}`;
    return new Promise((resolve, reject) => {
      // Judged once what waits in the socket is read: the answer may be there, behind a blocked loop.
      const expire = () =>
        afterReading(() => {
          const waiting = worker.pending.get(id);
          if (!waiting) return;
          if (type === 'open' && worker.state !== 'gone') {
            waiting.timer = setTimeout(expire, this.#requestTimeout);
            return;
          }
          worker.pending.delete(id);
          reject(new PerformerError('ALDA_PERFORMER_TIMEOUT', `The performer did not answer \`${type}\` within ${this.#requestTimeout} ms`));
        });
      const message = encoded(id);
      worker.pending.set(id, { type, resolve: resolve as (result: never) => void, reject, timer: setTimeout(expire, this.#requestTimeout), message });
      socket.send(message);
      worker.liveness.sent();
      if (type === 'schedule' && this.#replacement) setImmediate(() => this.#replace());
    });
  }

  #replace(): void {
    clearTimeout(this.#replacement);
    this.#replacement = undefined;
    this.#topUp();
  }

  /** Ends a session's performer (gracefully: it silences what sounds first), or keeps one started by hand. */
  release(worker: WorkerRecord): void {
    if (!worker.child && worker.state === 'busy' && worker.socket) {
      // Started by hand (for its own port or machine): it stays, silenced, for the next session.
      void this.request(worker, { type: 'stop' }).catch(() => undefined);
      worker.state = 'spare';
      worker.session = null;
      this.#offer(worker);
      return;
    }
    this.#send(worker, { type: 'shutdown' });
    this.#bury(worker, 'released');
    this.#topUp();
  }

  /**
   * Shuts our performers down and waits for them to exit. One started by hand is not ours to
   * end: its link closes, and it comes back to the next server (it reconnects with backoff).
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#ticker);
    const exits: Promise<unknown>[] = [];
    for (const worker of this.#workers.values()) {
      if (worker.child) this.#send(worker, { type: 'shutdown' });
      else worker.socket?.close(1001, 'server shutting down');
      const child = worker.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        exits.push(
          new Promise((done) => {
            const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(kill);
              done(undefined);
            });
            if (!worker.socket) child.kill('SIGTERM');
          }),
        );
      }
      this.#bury(worker, 'server closing');
    }
    await Promise.all(exits);
  }

  #record(id: string, child: PerformerProcess | undefined, kind: string, reservedFor?: string): WorkerRecord {
    const liveness = new Liveness(this.#options.heartbeat);
    return { id, kind, pid: child?.pid, state: 'starting', session: null, reservedFor, offers: undefined, socket: undefined, liveness, child, pending: new Map() };
  }

  #offer(worker: WorkerRecord): void {
    const index = this.#waiting.findIndex((waiting) => launchKind(waiting.launch) === worker.kind && serves(worker, waiting.session));
    if (index >= 0) this.#waiting.splice(index, 1)[0]!.take(worker);
  }

  /**
   * Starts performers until there are `spares` starting or spare ones of the pool's kind, or, of a
   * kind sessions wait for, one for each of them: the spares that will replace those are started
   * once they are taken (`claim`), so that a session's first performer does not start with another
   * beside it, sharing the cores on the way to the first note.
   */
  #topUp(): void {
    if (this.#closed || !this.#options.spawn) return;
    const wanted = new Map<string, { launch: PerformerLaunch; count: number }>();
    for (const { launch } of this.#waiting) {
      const entry = wanted.get(launchKind(launch));
      if (entry) entry.count++;
      else wanted.set(launchKind(launch), { launch, count: 1 });
    }
    const pool = wanted.get(launchKind(this.#launch));
    if (pool) pool.count = Math.max(pool.count, this.#spares);
    else wanted.set(launchKind(this.#launch), { launch: this.#launch, count: this.#spares });
    for (const [kind, { launch, count }] of wanted) {
      // A performer started by hand for one session is no spare for the others.
      const warm = [...this.#workers.values()].filter((w) => w.kind === kind && (w.state === 'starting' || w.state === 'spare') && w.reservedFor === undefined).length;
      for (let i = warm; i < count; i++) if (!this.#start(launch)) return;
    }
  }

  /**
   * Starts one performer, unless the ceiling is reached (a session past it waits for one to be
   * released). One that cannot be started fails the sessions waiting for its kind, with why.
   */
  #start(launch: PerformerLaunch): boolean {
    if (this.#workers.size >= this.#maxPerformers) return false;
    const id = `performer-${randomUUID().slice(0, 8)}`;
    const kind = launchKind(launch);
    let child: ChildProcess;
    try {
      child = this.#options.spawn!(id, launch);
    } catch (error) {
      this.#options.log(`Could not start a performer: ${(error as Error).message}`);
      this.#fail(kind, error instanceof CodedError ? error : new PerformerError('ALDA_NO_PERFORMER', (error as Error).message));
      return false;
    }
    this.#watch(id, child, kind);
    return true;
  }

  /** Records a performer we spawned, as starting, and replaces it (or fails those waiting for it) when it exits. */
  #watch(id: string, child: PerformerProcess, kind: string): void {
    const worker = this.#record(id, child, kind);
    this.#workers.set(id, worker);
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      if (worker.state === 'gone') return;
      const starting = worker.state === 'starting';
      this.#options.log(`Performer ${id} (pid ${child.pid ?? worker.pid}) exited (${signal ?? code ?? 'its pipe closed'})${starting ? ' before it was ready' : '; replacing it'}`);
      this.#bury(worker, 'exited');
      // One that dies before it is ready would die again: the sessions waiting for it are told, not kept waiting on a loop of starts.
      if (starting) this.#fail(kind, new PerformerError('ALDA_NO_PERFORMER', `The ${kind} performer exited before it was ready (${signal ?? code}); the server's log says why`));
      else this.#topUp();
    };
    // One spawned before the pool was (the head start) may have exited already, unheard.
    if (child.exitCode !== null || child.signalCode !== null) exited(child.exitCode, child.signalCode);
    else child.once('exit', exited);
    child.once('error', (error) => this.#options.log(`Performer ${id} failed: ${error.message}`));
  }

  /** Fails every session waiting for a performer of this kind. */
  #fail(kind: string, error: Error): void {
    for (const waiting of this.#waiting.filter((w) => launchKind(w.launch) === kind)) {
      this.#waiting.splice(this.#waiting.indexOf(waiting), 1);
      waiting.fail(error);
    }
  }

  /** Every interval: heartbeats to the idle, and the silent declared dead. */
  #tick(): void {
    for (const worker of this.#workers.values()) {
      // A starting performer has no link to be silent on yet; if it never starts, its exit says so.
      if (worker.state === 'gone' || worker.state === 'starting') continue;
      worker.liveness.check(() => {
        if (worker.state === 'gone') return;
        this.#options.log(`Performer ${worker.id} (pid ${worker.pid}) is silent; replacing it`);
        worker.child?.kill('SIGKILL');
        worker.socket?.terminate();
        this.#bury(worker, 'silent');
        this.#topUp();
      });
      if (worker.liveness.heartbeatDue()) this.#send(worker, { type: 'heartbeat' });
    }
  }

  #send(worker: WorkerRecord, message: Record<string, unknown>): void {
    if (worker.socket?.readyState !== WebSocket.OPEN) return;
    worker.socket.send(encode(message));
    worker.liveness.sent();
  }

  #bury(worker: WorkerRecord, why: string): void {
    if (worker.state === 'gone') return;
    const session = worker.state === 'busy' ? worker.session : null;
    worker.state = 'gone';
    for (const { reject, timer } of worker.pending.values()) {
      clearTimeout(timer);
      reject(new PerformerError('ALDA_PERFORMER_GONE', `The performer went away (${why})`));
    }
    worker.pending.clear();
    this.#workers.delete(worker.id);
    if (session !== null && why !== 'released' && why !== 'server closing') this.#options.onLost(session);
  }
}

/** May this performer play this session? One started by hand `for` a session plays only that one. */
function serves(worker: WorkerRecord, session: string): boolean {
  return worker.reservedFor === undefined || worker.reservedFor === session;
}

/** Which spare a session takes first (lowest): one started by hand for it, one started by hand, one of ours. */
function preference(worker: WorkerRecord, session: string): number {
  if (worker.reservedFor === session) return 0;
  return worker.child ? 2 : 1;
}
