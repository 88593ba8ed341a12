import type { WorkerRecord } from '../performer-pool.js';
import { CHUNK, type TimedBatch } from './timed-batch.js';

/** A performer's answer to a `schedule`, as much of it as a batch's placement takes. */
export interface ScheduleAnswer {
  readonly firstDue: unknown;
  readonly shift: unknown;
  readonly position: unknown;
}

/** A `schedule` as it goes to the performer: the command, and its messages as JSON text. */
export interface ScheduleCommand {
  readonly command: { readonly type: 'schedule'; readonly start: number; readonly continues: boolean; readonly tempo?: number | undefined };
  readonly messages: string;
}

interface Gathered {
  readonly messages: TimedBatch;
  /** The shift reckoned for this batch alone. */
  readonly shift: number;
  readonly answered: (answer: ScheduleAnswer) => void;
  readonly failed: (error: Error) => void;
}

/**
 * Batches of one chunk for one performer, gathered to go as one `schedule`: under load a
 * session's evaluations come many a turn, and one command each (a frame, a wake-up of the
 * performer, its reply) cost its performer and the server more than the notes. The performer
 * places them as it would have placed them one by one: from their earliest start its rule gives
 * the shift the last would have left, and each batch's times are moved by the difference between
 * its own shift and that one, as reckoned by the server. Its answer is then each batch's own.
 */
export class GatheredSchedule {
  readonly worker: WorkerRecord;
  readonly tempo: number | undefined;
  /** The earliest start of its batches. */
  #start = Infinity;
  /** The shift reckoned for its last batch, the largest: each batch's times go rebased onto it. */
  #shift = 0;
  #messages = 0;
  readonly #batches: Gathered[] = [];
  /** When it goes (performance.now()), and how to call that off when it goes sooner. */
  #goesAt = Infinity;
  #cancel: () => void = () => undefined;

  constructor(worker: WorkerRecord, tempo: number | undefined) {
    this.worker = worker;
    this.tempo = tempo;
  }

  /** How many batches it holds. */
  get size(): number {
    return this.#batches.length;
  }

  /** Whether a batch of `length` messages for `worker`, at `tempo`, may join it (it stays one chunk). */
  takes(worker: WorkerRecord, tempo: number | undefined, length: number): boolean {
    return worker === this.worker && tempo === this.tempo && this.#messages + length <= CHUNK;
  }

  /** Adds a batch placed from `start` with `shift`; resolves with the performer's answer as it applies to this batch. */
  add(start: number, shift: number, messages: TimedBatch): Promise<ScheduleAnswer> {
    this.#start = Math.min(this.#start, start);
    this.#shift = shift;
    this.#messages += messages.length;
    return new Promise((answered, failed) => this.#batches.push({ messages, shift, answered, failed }));
  }

  /** `go` is called in `hold` ms (0: at the end of this turn), unless it was to be called sooner already. */
  goWithin(hold: number, go: () => void): void {
    const now = performance.now();
    if (now + hold >= this.#goesAt) return;
    this.#cancel();
    this.#goesAt = now + hold;
    if (hold === 0) {
      const immediate = setImmediate(go);
      this.#cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(go, hold);
      this.#cancel = () => clearTimeout(timer);
    }
  }

  /** The one `schedule` its batches go as (it no longer waits to go): each batch's times rebased onto the last one's shift. */
  schedule(): ScheduleCommand {
    this.#cancel();
    const text = this.#batches.map((batch) => {
      const json =
        batch.shift === this.#shift ? batch.messages.json(0, CHUNK) : JSON.stringify(batch.messages.slice().map((m) => ({ ...m, t: m.t + batch.shift - this.#shift })));
      return json.slice(1, -1);
    });
    return { command: { type: 'schedule', start: this.#start, continues: false, tempo: this.tempo }, messages: `[${text.join(',')}]` };
  }

  /** What the performer answered (or why it failed), to each batch as its own. */
  settle(answer: Promise<ScheduleAnswer>): void {
    answer.then(
      (whole) => {
        for (const batch of this.#batches) {
          const taken = (whole.shift as number) + batch.shift - this.#shift;
          batch.answered({ firstDue: batch.messages.time(0) + taken, shift: taken, position: whole.position });
        }
      },
      (error: Error) => {
        for (const batch of this.#batches) batch.failed(error);
      },
    );
  }
}
