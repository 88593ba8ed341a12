import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CodedError } from '../../protocol/coded-error.js';
import { hostMs } from '../clock.js';

/** Where the Link clock (plugins/link-clock, GPL-2.0-or-later) lives: beside us, never imported, only run. */
const PLUGIN = fileURLToPath(new URL('../../../plugins/link-clock/', import.meta.url));
const SCRIPT = `${PLUGIN}link-clock.js`;
const ADDON = `${PLUGIN}node_modules/abletonlink-addon/build/Release/AbletonLinkAddon.node`;
/** What `npm run build:link` wrote when the native build failed. */
const BUILD_ERROR = `${PLUGIN}build-error.txt`;

/** `--link` where the Link clock cannot run. */
export class LinkUnavailableError extends CodedError<'ALDA_LINK_UNAVAILABLE'> {
  constructor(reason: string) {
    super('ALDA_LINK_UNAVAILABLE', `Ableton Link is unavailable: ${reason}`);
  }
}

/** Why `--link` cannot work here, or undefined when the Link clock is built. */
export function linkUnavailable(): string | undefined {
  if (!existsSync(SCRIPT)) return `its clock (${SCRIPT}) is not installed`;
  if (existsSync(ADDON)) return undefined;
  const built = existsSync(BUILD_ERROR) ? ` The last build failed: ${readFileSync(BUILD_ERROR, 'utf8').trim().split('\n').slice(-3).join(' ')}` : '';
  return `its native addon is not built. Run \`npm run build:link\` (it needs python3, make and g++).${built}`;
}

/** Link's session as last reported: `beat` at `at` (ms of the host's monotonic clock). */
export interface LinkState {
  readonly at: number;
  readonly beat: number;
  readonly tempo: number;
  readonly peers: number;
  readonly quantum: number;
}

/**
 * How long to wait for a first peer before playing alone; how long Link's grid must then run
 * without a jump (a joining peer's grid moves while Link measures the shared time) to be trusted;
 * and the longest that may take.
 */
const DISCOVERY_MS = 1000;
const STEADY_MS = 400;
const SETTLE_LIMIT_MS = 5000;
/** A report off the previous one's extrapolation by more than this many beats is a jump. */
const JUMP_BEATS = 0.0005;

/**
 * The Link clock process: it joins the Link session and reports where Link's beat grid is, every
 * 20 ms. Between reports the beat is extrapolated at the reported tempo (Link's timeline is
 * linear between tempo changes).
 */
export class LinkProcess {
  readonly quantum: number;
  readonly #child: ChildProcess;
  #state: LinkState | undefined;
  #firstPeerAt: number | undefined;
  /** Since when Link's grid has run without a jump, with a peer there. */
  #steadySince: number | undefined;
  #failure: string | undefined;
  readonly #exited: Promise<void>;
  readonly #waiters = new Set<() => void>();

  /** `lines`: the child's stdout, a line at a time. */
  private constructor(quantum: number, child: ChildProcess, lines: Interface) {
    this.quantum = quantum;
    this.#child = child;
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.once('exit', (code) => {
      this.#failure ??= `the Link clock exited (code ${code})`;
      this.#wake();
    });
    this.#child.stdin!.on('error', () => undefined);
    lines.on('line', (line) => this.#read(line));
  }

  /**
   * Starts the Link clock and resolves once its beat grid can be trusted: a peer found and its
   * phase settled, or no peer within a second (we start the session). Refuses with the reason
   * when Link is unavailable.
   */
  static async start(quantum: number): Promise<LinkProcess> {
    const unavailable = linkUnavailable();
    if (unavailable !== undefined) throw new LinkUnavailableError(unavailable);
    // Node's child_process and readline (and what they load) only in a performer that uses Link.
    const [{ spawn }, { createInterface }] = await Promise.all([import('node:child_process'), import('node:readline')]);
    const child = spawn(process.execPath, [SCRIPT, '--quantum', String(quantum)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const link = new LinkProcess(quantum, child, createInterface({ input: child.stdout! }));
    const started = hostMs();
    for (;;) {
      if (link.#failure !== undefined) {
        await link.close();
        throw new LinkUnavailableError(link.#failure);
      }
      const now = hostMs();
      if (link.#steadySince !== undefined && (now - link.#steadySince >= STEADY_MS || now - link.#firstPeerAt! >= SETTLE_LIMIT_MS)) return link;
      if (link.#state && link.#firstPeerAt === undefined && now - started >= DISCOVERY_MS) return link;
      await link.#next(50);
    }
  }

  /** The last report, or undefined if the clock has gone. */
  get state(): LinkState | undefined {
    return this.#failure === undefined ? this.#state : undefined;
  }

  /** Link's beat at `at` (host ms). */
  beatAt(at: number): number {
    const state = this.#state!;
    return state.beat + ((at - state.at) * state.tempo) / 60_000;
  }

  /** The host ms at which Link's beat is `beat`, at the current tempo. */
  timeAt(beat: number): number {
    const state = this.#state!;
    return state.at + ((beat - state.beat) * 60_000) / state.tempo;
  }

  get tempo(): number {
    return this.#state!.tempo;
  }

  /** Proposes a tempo to the Link session (every peer follows the last proposal). */
  propose(bpm: number): void {
    this.#child.stdin!.write(JSON.stringify({ type: 'tempo', bpm }) + '\n');
  }

  /** Leaves the Link session (the clock calls enable(false) first, so peers stop counting us at once). */
  async close(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.stdin!.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    await this.#exited;
    clearTimeout(timer);
  }

  #read(line: string): void {
    let message: { type?: string; message?: string } & Partial<LinkState>;
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'error') this.#failure = message.message ?? 'the Link clock failed';
    if (message.type === 'state' && typeof message.at === 'number' && typeof message.beat === 'number' && (message.tempo ?? 0) > 0) {
      const before = this.#state;
      this.#state = { at: message.at, beat: message.beat, tempo: message.tempo!, peers: message.peers ?? 0, quantum: message.quantum ?? this.quantum };
      if (this.#state.peers > 0) {
        this.#firstPeerAt ??= hostMs();
        const jumped = before === undefined || before.tempo !== this.#state.tempo || Math.abs(this.beatAt(before.at) - before.beat) > JUMP_BEATS;
        if (jumped) this.#steadySince = undefined;
        else this.#steadySince ??= hostMs();
      }
    }
    this.#wake();
  }

  #next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
