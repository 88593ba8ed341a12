import { keepChannels } from './channels.js';
import type { LoopMaterial, LoopMessage, LoopScore } from './loop-material.js';
import { iterationMessages, nextBoundary } from './loop-plan.js';
import { describeQuant, LOOP_QUANT, type Quant } from './quant.js';
import { planSwaps, type PartLoop, type Swap } from './swap.js';
import { SystemTimeline, type Timeline, type TimelineTimer } from './timeline.js';

/**
 * How the loops reach a performer. Times are transport ms; the first `schedule` places
 * transport 0 on the performer's timeline, and every later call keeps that placement.
 */
export interface PerformerLink {
  schedule(messages: readonly LoopMessage[], first: boolean): Promise<{ readonly shift: number }>;
  /** Drops the part's messages from `from` on (its notes sounding then end there), and queues these. */
  replace(part: string, from: number, messages: readonly LoopMessage[]): Promise<void>;
  /** The performer's timeline position, in ms. */
  position(): Promise<number | null>;
}

export interface LoopTransportOptions {
  readonly link: PerformerLink;
  /** @default loop */
  readonly quant?: Quant;
  /** How far ahead of the transport loops are queued, in ms. @default 2000 */
  readonly horizon?: number;
  /** How often the queue is topped up, in ms; well under `horizon`. @default 250 */
  readonly feedInterval?: number;
  /**
   * The least time before a boundary for a change to reach the performer; a closer one waits for
   * the next. On a busy machine the performer answers slower: the margin grows to three times
   * its recent answer time. @default 40
   */
  readonly margin?: number;
  /** A feed failed (the performer went away): the transport has stopped. */
  readonly onFailure?: (error: unknown) => void;
  /** The clock and beats the loops run on. @default a SystemTimeline at the score's tempo */
  readonly timeline?: Timeline;
}

interface Looping extends PartLoop {
  /** The next iteration not yet queued. */
  next: number;
}

export interface LoopStatus {
  /** Transport ms. */
  readonly now: number;
  readonly quant: string;
  readonly parts: readonly { readonly part: string; readonly length: number; readonly iteration: number; readonly into: number }[];
  readonly pending: readonly { readonly part: string; readonly kind: Swap['kind']; readonly at: number }[];
}

type State = 'idle' | 'running' | 'closed';

/**
 * Every part of a live score looping on one shared transport, fed to the performer a horizon
 * ahead. Changes are planned by `planSwaps` and carried out with `replace` at their boundary,
 * so parts that did not change are never touched. All work goes through one chain, so a feed
 * and a swap never interleave.
 */
export class LoopTransport {
  readonly #link: PerformerLink;
  readonly #horizon: number;
  readonly #feedInterval: number;
  readonly #margin: number;
  readonly #onFailure: ((error: unknown) => void) | undefined;
  readonly #timeline: Timeline;
  #quant: Quant;
  #shift = 0;
  #state: State = 'idle';
  readonly #parts = new Map<string, Looping>();
  #pending: Swap[] = [];
  /** A part's loop that plays on until a swap or stop planned at `until`: what the status shows until then. */
  readonly #leaving = new Map<string, { readonly loop: Looping; readonly until: number }>();
  #chain: Promise<unknown> = Promise.resolve();
  #timer: TimelineTimer | undefined;
  /** How long the performer has recently taken to answer, in ms: decays, but jumps up at once. */
  #answerTime = 0;

  constructor(options: LoopTransportOptions) {
    const { horizon = 2000, feedInterval = 250, margin = 40 } = options;
    if (!(horizon >= 100 && horizon <= 60_000)) throw new TypeError(`Expected \`horizon\` to be ms from 100 to 60000, got ${horizon}`);
    if (!(feedInterval > 0 && feedInterval < horizon)) throw new TypeError(`Expected \`feedInterval\` to be ms above 0 and under horizon, got ${feedInterval}`);
    if (!(margin >= 0 && margin < horizon)) throw new TypeError(`Expected \`margin\` to be ms from 0 to under horizon, got ${margin}`);
    this.#link = options.link;
    this.#quant = options.quant ?? LOOP_QUANT;
    this.#horizon = horizon;
    this.#feedInterval = feedInterval;
    this.#margin = margin;
    this.#onFailure = options.onFailure;
    this.#timeline = options.timeline ?? new SystemTimeline();
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  get parts(): ReadonlyMap<string, LoopMaterial> {
    return new Map([...this.#parts].map(([part, loop]) => [part, loop.material]));
  }

  set quant(quant: Quant) {
    this.#quant = quant;
  }

  /**
   * Plays a score's loops: the first call starts the transport with every part at 0; later ones
   * swap what changed. With `whole`, parts the score lacks stop. Resolves with the changes planned.
   */
  update(evaluated: LoopScore, whole: boolean): Promise<Swap[]> {
    return this.#run(async () => {
      const score = keepChannels(evaluated, this.parts);
      if (this.#state === 'idle') return this.#start(score);
      const now = await this.#now();
      this.#timeline.propose(60_000 / score.beat);
      const swaps = planSwaps(this.#parts, { ...score, beat: this.#beat() }, { after: now + this.#lead(), quant: this.#quant, whole });
      await this.#apply(swaps, now);
      return swaps;
    });
  }

  /** Lets a part finish at its next boundary and stop there. Resolves with the swap, or undefined if it is not looping. */
  unloop(part: string): Promise<Swap | undefined> {
    return this.#run(async () => {
      const loop = this.#parts.get(part);
      if (!loop) return undefined;
      const now = await this.#now();
      const swap: Swap = { part, kind: 'stop', at: nextBoundary(now + this.#lead(), this.#quant, loop, this.#beat()) };
      await this.#apply([swap], now);
      return swap;
    });
  }

  status(): Promise<LoopStatus> {
    return this.#run(async () => {
      const now = this.#state === 'running' ? await this.#now() : 0;
      this.#pending = this.#pending.filter((swap) => swap.at > now);
      for (const [part, leaving] of this.#leaving) if (leaving.until <= now) this.#leaving.delete(part);
      const sounding = [...this.#parts.values()].filter((loop) => loop.anchor <= now && !this.#leaving.has(loop.material.part));
      // In the score's order; a part stopping (no longer among the parts) comes last.
      const order = [...this.#parts.keys()];
      const rank = (loop: Looping) => (order.includes(loop.material.part) ? order.indexOf(loop.material.part) : order.length);
      const parts = [...sounding, ...[...this.#leaving.values()].map((leaving) => leaving.loop)]
        .sort((a, b) => rank(a) - rank(b))
        .map((loop) => {
          const iteration = Math.floor((now - loop.anchor) / loop.length);
          return { part: loop.material.part, length: loop.length, iteration, into: now - loop.anchor - iteration * loop.length };
        });
      const pending = this.#pending.map((swap) => ({ part: swap.part, kind: swap.kind, at: swap.at }));
      return { now, quant: describeQuant(this.#quant), parts, pending };
    });
  }

  /** Stops feeding. What is queued is the caller's to silence (the session's `stop`). Idempotent. */
  close(): void {
    this.#state = 'closed';
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  async #start(score: LoopScore): Promise<Swap[]> {
    this.#timeline.propose(60_000 / score.beat);
    const swaps: Swap[] = [];
    for (const material of score.parts.values()) {
      this.#parts.set(material.part, { material, anchor: 0, length: material.length, next: 0 });
      swaps.push({ part: material.part, kind: 'enter', at: 0, material });
    }
    const placed = await this.#link.schedule(this.#due(this.#horizon), true);
    this.#shift = placed.shift;
    this.#state = 'running';
    this.#feedLater();
    return swaps;
  }

  async #apply(swaps: readonly Swap[], now: number): Promise<void> {
    // A part that changes keeps playing its old material right up to the boundary.
    const before: LoopMessage[] = [];
    for (const swap of swaps) {
      const loop = this.#parts.get(swap.part);
      if (!loop || swap.kind === 'enter') continue;
      before.push(...this.#take(loop, swap.at));
      if (loop.anchor <= now) this.#leaving.set(swap.part, { loop, until: swap.at });
    }
    if (before.length > 0) await this.#link.schedule(before, false);
    for (const swap of swaps) {
      if (swap.kind === 'stop') {
        this.#parts.delete(swap.part);
        await this.#link.replace(swap.part, swap.at, []);
        continue;
      }
      const material = swap.material!;
      const loop: Looping = { material, anchor: swap.at, length: material.length, next: 0 };
      this.#parts.set(swap.part, loop);
      await this.#link.replace(swap.part, swap.at, this.#take(loop, Math.max(swap.at, now) + this.#horizon));
    }
    this.#pending = this.#pending.filter((swap) => swap.at > now).concat(swaps);
  }

  /** The iterations of a part that start before `until` and are not queued yet; marks them queued. */
  #take(loop: Looping, until: number): LoopMessage[] {
    const out: LoopMessage[] = [];
    while (loop.anchor + loop.next * loop.length < until) out.push(...iterationMessages(loop.material, loop.anchor, loop.next++));
    return out;
  }

  /** Every part's iterations due before transport `until`. */
  #due(until: number): LoopMessage[] {
    const out: LoopMessage[] = [];
    for (const loop of this.#parts.values()) out.push(...this.#take(loop, until));
    return out.sort((a, b) => a.t - b.t);
  }

  async #now(): Promise<number> {
    const asked = this.#timeline.now();
    const position = await this.#link.position();
    const took = this.#timeline.now() - asked;
    this.#answerTime = Math.max(took, 0.8 * this.#answerTime);
    // The position was read somewhere in the round trip: half of it has passed since, on average.
    return (position ?? this.#shift) - this.#shift + took / 2;
  }

  /** How far ahead of now a change may be placed: the margin, or more when the performer is slow to answer. */
  #lead(): number {
    return Math.max(this.#margin, 3 * this.#answerTime);
  }

  #feedLater(): void {
    if (this.#state !== 'running') return;
    this.#timer = this.#timeline.after(this.#feedInterval, () => {
      void this.#run(async () => {
        if (this.#state !== 'running') return;
        const messages = this.#due((await this.#now()) + this.#horizon);
        if (messages.length > 0) await this.#link.schedule(messages, false);
      }).then(
        () => this.#feedLater(),
        (error: unknown) => {
          this.close();
          this.#onFailure?.(error);
        },
      );
    });
  }

  /** Ms of one beat on the grid the quantum counts in, from the transport's start. */
  #beat(): number {
    return this.#timeline.timeAt(1) - this.#timeline.timeAt(0);
  }

  /** Runs work after whatever is already running; a failure rejects that work only. */
  #run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(() => {
      if (this.#state === 'closed') throw new LoopTransportClosed();
      return work();
    });
    this.#chain = result.catch(() => undefined);
    return result;
  }
}

/** The transport was closed (its session stopped, or its performer went away). */
export class LoopTransportClosed extends Error {
  readonly code = 'ALDA_LIVE_CLOSED';
  constructor() {
    super('The live loops have stopped');
  }
}
