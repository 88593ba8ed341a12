import type { GmSynth } from './gm-synth.js';

/** A channel message due at a sample frame (frames count from the scheduler's start). */
export interface TimedMessage {
  readonly frame: number;
  readonly data: readonly number[];
}

/** Consumed messages are dropped from the queue in batches of this size, so a live queue stays small. */
const COMPACT_AFTER = 4096;

/**
 * Feeds a synth its messages at exact sample frames while it renders: each render call is
 * split at every message's frame. The same object serves an offline render (schedule
 * everything, then render to the end) and a live one (schedule as messages arrive, render
 * in the audio callback). A message scheduled for a frame already rendered plays at the
 * start of the next render.
 */
export class FrameScheduler {
  readonly #synth: GmSynth;
  #queue: TimedMessage[] = [];
  #next = 0;
  #position = 0;

  constructor(synth: GmSynth) {
    this.#synth = synth;
  }

  /** Frames rendered so far. */
  get position(): number {
    return this.#position;
  }

  /** Messages scheduled and not yet sent to the synth. */
  get pending(): number {
    return this.#queue.length - this.#next;
  }

  /** The frame of the last message scheduled, or -1 when none is pending. */
  get lastFrame(): number {
    return this.pending > 0 ? this.#queue[this.#queue.length - 1]!.frame : -1;
  }

  /** Adds messages; equal frames keep the order they were scheduled in. */
  schedule(messages: Iterable<TimedMessage>): void {
    for (const message of messages) {
      const queue = this.#queue;
      let at = queue.length;
      while (at > this.#next && queue[at - 1]!.frame > message.frame) at--;
      if (at === queue.length) queue.push(message);
      else queue.splice(at, 0, message);
    }
  }

  /** Drops every pending message (the caller silences what already sounds). */
  clear(): void {
    this.#queue = [];
    this.#next = 0;
  }

  /** Renders the next `count` frames into `left`/`right` from `start`, sending messages as they fall due. */
  render(left: Float32Array, right: Float32Array, start = 0, count = left.length - start): void {
    const end = this.#position + count;
    while (this.#position < end) {
      this.#sendDue();
      const nextFrame = this.#next < this.#queue.length ? this.#queue[this.#next]!.frame : end;
      const until = Math.min(end, Math.max(nextFrame, this.#position + 1));
      this.#synth.render(left, right, start + (this.#position - (end - count)), until - this.#position);
      this.#position = until;
    }
    this.#compact();
  }

  #sendDue(): void {
    const queue = this.#queue;
    while (this.#next < queue.length && queue[this.#next]!.frame <= this.#position) {
      this.#synth.send(queue[this.#next]!.data);
      this.#next++;
    }
  }

  #compact(): void {
    if (this.#next < COMPACT_AFTER) return;
    this.#queue = this.#queue.slice(this.#next);
    this.#next = 0;
  }
}
