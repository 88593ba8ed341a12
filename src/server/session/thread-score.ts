import type { Worker } from 'node:worker_threads';
import { messageData } from '../../engine/midi-messages.js';
import type { WireError } from '../../protocol/coded-error.js';
import type { TimedMessage } from '../../protocol/messages.js';
import { ourThread } from '../../processes/our-thread.js';
import { EngineScore } from './engine-score.js';
import { EvalFailure, type Evaluated, type EvalInput, type Evaluator, type Prepared } from './evaluator.js';
import type { PackedEvaluated, ScoreReply, ScoreRequest } from './score-thread-messages.js';

/**
 * A first evaluation at least this long (characters of Alda text, or forms) puts its session's
 * score in the score thread. Below it, evaluating takes a few ms at most and a round trip to a
 * thread would cost more than it saves.
 */
export const OFF_THREAD_CHARS = 64 * 1024;

/** A session's score: in the score thread when its first evaluation is big, else in process. */
export function sessionScore(first?: EvalInput): Evaluator {
  const size = (first?.code?.length ?? 0) + 64 * (first?.forms?.length ?? 0);
  return size >= OFF_THREAD_CHARS ? new ThreadScore() : new EngineScore();
}

/**
 * The one thread where big scores live, shared by every session whose score is big: started on
 * first use, and left to end with the process (it does not keep it alive).
 */
class ScoreThread {
  #worker: Worker | undefined;
  #seq = 0;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  ask(request: Omit<ScoreRequest, 'seq'>): Promise<unknown> {
    const worker = (this.#worker ??= this.#start());
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#waiting.set(seq, { resolve, reject });
      // The thread keeps the process alive only while an answer is awaited.
      worker.ref();
      worker.postMessage({ ...request, seq });
    });
  }

  #start(): Worker {
    const worker = ourThread('./score-thread', import.meta.url);
    worker.on('message', (reply: ScoreReply) => {
      const waiting = this.#waiting.get(reply.seq);
      this.#waiting.delete(reply.seq);
      if (this.#waiting.size === 0) worker.unref();
      if (reply.failure) waiting?.reject(failureOf(reply.failure));
      else if (reply.crash !== undefined) waiting?.reject(new Error(`The score thread failed: ${reply.crash}`));
      else waiting?.resolve(reply.value);
    });
    // A thread that ends takes its scores with it: what waits fails, and the next request starts another.
    worker.once('exit', (code) => {
      this.#worker = undefined;
      for (const { reject } of this.#waiting.values()) reject(new Error(`The score thread ended (${code})`));
      this.#waiting.clear();
    });
    return worker;
  }
}

const thread = new ScoreThread();
let scores = 0;

/**
 * A session's score in the score thread: evaluated there, so that a big score (a 1 MB file takes
 * seconds) holds up neither the other sessions' answers nor the heartbeats; its new messages come
 * back as columns, handed over rather than copied. All-or-nothing as `EngineScore`.
 */
export class ThreadScore implements Evaluator {
  readonly #id = ++scores;
  #size = 0;
  #before: number | undefined;

  get size(): number {
    return this.#size;
  }

  async prepare(input: EvalInput): Promise<Prepared> {
    const events = (await this.#ask({ op: 'prepare', input })) as number;
    return {
      events,
      commit: async (): Promise<Evaluated> => {
        const packed = (await this.#ask({ op: 'commit' })) as PackedEvaluated;
        this.#before = this.#size;
        this.#size += packed.events;
        return unpack(packed);
      },
      discard: () => void this.#ask({ op: 'discard' }).catch(() => undefined),
    };
  }

  async check(input: EvalInput): Promise<WireError[]> {
    return (await this.#ask({ op: 'check', input })) as WireError[];
  }

  revert(): void {
    if (this.#before === undefined) return;
    this.#size = this.#before;
    this.#before = undefined;
    void this.#ask({ op: 'revert' }).catch(() => undefined);
  }

  dispose(): void {
    void this.#ask({ op: 'drop' }).catch(() => undefined);
  }

  #ask(request: { op: ScoreRequest['op']; input?: EvalInput }): Promise<unknown> {
    return thread.ask({ ...request, score: this.#id } as Omit<ScoreRequest, 'seq'>);
  }
}

function failureOf(failure: WireError): EvalFailure {
  return new EvalFailure(failure.code, failure.message, failure.span);
}

function unpack(packed: PackedEvaluated): Evaluated {
  const messages = Array.from(packed.t, (t, i): TimedMessage => ({ t, d: messageData(packed.d[i]!), p: packed.parts[packed.p[i]!]! }));
  return { events: packed.events, start: packed.start, end: packed.end, tempo: packed.tempo, tempoMap: packed.tempoMap, messages };
}
