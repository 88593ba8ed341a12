import type { Worker } from 'node:worker_threads';
import type { BudgetOptions } from '../../lisp/budget.js';
import type { WireError } from '../../protocol/coded-error.js';
import { ourThread } from '../../processes/our-thread.js';
import { EngineScore } from './engine-score.js';
import { EvalFailure, type Evaluated, type EvalInput, type Evaluator } from './evaluator.js';
import type { PackedEvaluated, ScoreReply, ScoreRequest } from './score-thread-messages.js';
import { PackedBatch } from './timed-batch.js';

/**
 * Score threads, where any evaluation that is not trivially cheap is made. Two, so that a huge
 * evaluation (a 1 MB score takes seconds) holds up the sessions of its own thread only, not those
 * of the other; more would only share the same cores. Each starts when a score first needs it:
 * a thread is an isolate with the engine loaded (≈15 MB resident before it evaluates), which an idle server, or one
 * whose evaluations are all cheap, never needs; starting one costs the first dear evaluation
 * that thread's load (bench/memory.ts prints it).
 */
export const SCORE_THREADS = 2;

/**
 * What an evaluation may cost on the server's event loop, about a millisecond: text at most this
 * long (forms count 64 characters each), and at most these steps and notes. Past any of them, it
 * is made in a score thread. Below them a round trip to a thread would cost more than it saves
 * (the thread's share of the CPU included).
 */
export const LOCAL_CHARS = 4096;
export const LOCAL_BUDGET: BudgetOptions = { steps: 20_000, events: 2_000 };

/** A session's score: on the event loop while its evaluations are cheap, in a score thread from the first that is not. */
export function sessionScore(): Evaluator {
  return new SessionScore();
}

/** Ends the score threads; a score asked for afterwards is made again, in a new thread, from what it took. */
export async function stopScoreThreads(): Promise<void> {
  await Promise.all(threads.map((thread) => thread.stop()));
}

/**
 * One score thread: started on first use, and kept only while an answer is awaited (it does not
 * keep the process alive).
 */
class ScoreThread {
  #worker: Worker | undefined;
  /**
   * The worker `stop` is ending: it stays referenced until its 'exit', which `stop` awaits, even
   * when an answer read meanwhile leaves nothing waiting; unreferenced, the process could end
   * before that 'exit' came, the stop unsettled.
   */
  #ending: Worker | undefined;
  #generation = 0;
  #seq = 0;
  /** Scores that live here. */
  scores = 0;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Requests on their way or being worked on. */
  get busy(): number {
    return this.#waiting.size;
  }

  /** Which worker this is: a thread that ended and was started again has lost its scores. */
  get generation(): number {
    this.start();
    return this.#generation;
  }

  start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = ourThread('./score-thread', import.meta.url);
    this.#generation++;
    worker.unref();
    worker.on('message', (reply: ScoreReply) => {
      const waiting = this.#waiting.get(reply.seq);
      this.#waiting.delete(reply.seq);
      if (this.#waiting.size === 0 && worker !== this.#ending) worker.unref();
      if (reply.failure) waiting?.reject(new EvalFailure(reply.failure.code, reply.failure.message, reply.failure.span));
      else if (reply.crash !== undefined) waiting?.reject(new Error(`The score thread failed: ${reply.crash}`));
      else waiting?.resolve(reply.value);
    });
    // A thread that runs out of memory, or throws, ends: told by 'exit' below, never a crash of the server.
    let failure = '';
    worker.on('error', (error) => (failure = `: ${error.message}`));
    // What waits fails; the next request starts another thread, where each score is made again (ThreadScore).
    worker.once('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      if (this.#ending === worker) this.#ending = undefined;
      for (const { reject } of this.#waiting.values()) reject(new Error(`The score thread ended (${code})${failure}`));
      this.#waiting.clear();
    });
    return (this.#worker = worker);
  }

  /** Ends the thread (its scores are made again in the next one, when asked for). */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#ending = worker;
    const ended = new Promise((resolve) => worker.once('exit', resolve));
    await worker.terminate();
    await ended;
  }

  ask(request: Omit<ScoreRequest, 'seq'>): Promise<unknown> {
    const worker = this.start();
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#waiting.set(seq, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, seq });
    });
  }
}

const threads = Array.from({ length: SCORE_THREADS }, () => new ScoreThread());
let scores = 0;

/**
 * A score in a score thread: the one least busy when the score is made (then the one holding
 * fewest scores), so that a session does not queue behind another's huge evaluation. One round
 * trip an evaluation; its messages come back as columns with each chunk's JSON made there, to be
 * forwarded as they are. All-or-nothing as `EngineScore`.
 */
export class ThreadScore implements Evaluator {
  readonly #id = ++scores;
  readonly #thread: ScoreThread;
  #size = 0;
  #before: number | undefined;
  #disposed = false;
  /** The evaluations the score holds, to make it again if its thread ends and another takes its place. */
  #taken: EvalInput[] = [];
  /** The thread's generation the score was last made in. */
  #generation: number | undefined;

  constructor() {
    this.#thread = threads.reduce((best, thread) => (thread.busy < best.busy || (thread.busy === best.busy && thread.scores < best.scores) ? thread : best));
    this.#thread.scores++;
  }

  get size(): number {
    return this.#size;
  }

  async evaluate(input: EvalInput): Promise<Evaluated> {
    const { messages, ...evaluated } = (await this.#ask({ op: 'evaluate', input })) as PackedEvaluated;
    this.#before = this.#size;
    this.#size += evaluated.events;
    this.#taken.push(input);
    return { ...evaluated, messages: new PackedBatch(messages) };
  }

  async check(input: EvalInput): Promise<WireError[]> {
    return (await this.#ask({ op: 'check', input })) as WireError[];
  }

  /** The evaluations the score took elsewhere, made again here, in order. */
  async replay(inputs: readonly EvalInput[]): Promise<void> {
    if (inputs.length === 0) return;
    this.#size = (await this.#ask({ op: 'replay', inputs })) as number;
    this.#taken = [...inputs];
  }

  revert(): void {
    if (this.#before === undefined) return;
    this.#size = this.#before;
    this.#before = undefined;
    this.#taken.pop();
    void this.#ask({ op: 'revert' }).catch(() => undefined);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#thread.scores--;
    this.#taken = [];
    void this.#thread.ask({ op: 'drop', score: this.#id }).catch(() => undefined);
  }

  /**
   * Asks the score's thread; if that thread ended since (out of memory in another session's
   * evaluation, say), the score is made again in the new one first, from what it took: a
   * revert is then already done by leaving out what it took back.
   */
  async #ask(request: { op: ScoreRequest['op']; input?: EvalInput; inputs?: readonly EvalInput[] }): Promise<unknown> {
    const generation = this.#thread.generation;
    if (generation !== this.#generation) {
      this.#generation = generation;
      if (this.#taken.length > 0) {
        await this.#thread.ask({ op: 'replay', score: this.#id, inputs: this.#taken } as Omit<ScoreRequest, 'seq'>);
        if (request.op === 'revert') return undefined;
      }
    }
    return this.#thread.ask({ ...request, score: this.#id } as Omit<ScoreRequest, 'seq'>);
  }
}

/**
 * A session's score, where its evaluations cost least: in process while each is cheap (short, and
 * within `LOCAL_BUDGET`), so that a small eval is answered without a round trip to a thread; from
 * the first that is not (a 1 MB file, a variable that expands to thousands of notes), in a score
 * thread for good, the evaluations it took so far made again there first. The cheap attempt that
 * found an evaluation too dear costs at most `LOCAL_BUDGET`.
 */
export class SessionScore implements Evaluator {
  #local: EngineScore | undefined = new EngineScore(LOCAL_BUDGET);
  /** What the local score took, to be made again in a thread. */
  #inputs: EvalInput[] = [];
  #thread: ThreadScore | undefined;
  /** Where the last evaluation was made: `revert` takes it back there. */
  #last: 'local' | 'thread' | undefined;

  get size(): number {
    return this.#thread?.size ?? this.#local?.size ?? 0;
  }

  /** Whether the score has moved to a score thread. */
  get threaded(): boolean {
    return this.#thread !== undefined;
  }

  evaluate(input: EvalInput): Evaluated | Promise<Evaluated> {
    const local = this.#local;
    if (local && cheap(input)) {
      try {
        const evaluated = local.evaluate(input);
        this.#inputs.push({ code: input.code, forms: input.forms, name: input.name });
        this.#last = 'local';
        return evaluated;
      } catch (error) {
        if (!overBudget(error)) throw error;
      }
    }
    return this.#threaded(async (thread) => {
      const evaluated = await thread.evaluate(input);
      this.#last = 'thread';
      return evaluated;
    });
  }

  check(input: EvalInput): WireError[] | Promise<WireError[]> {
    if (this.#local && cheap(input)) {
      const diagnostics = this.#local.check(input);
      if (!diagnostics.some(overBudget)) return diagnostics;
    }
    return this.#threaded((thread) => thread.check(input));
  }

  revert(): void {
    if (this.#last === 'local') {
      this.#local?.revert();
      this.#inputs.pop();
    } else if (this.#last === 'thread') {
      this.#thread?.revert();
    }
    this.#last = undefined;
  }

  dispose(): void {
    this.#local = undefined;
    this.#inputs = [];
    this.#thread?.dispose();
  }

  /** `work` on the score in its thread, moved there first (its evaluations made again) if it is not yet. */
  async #threaded<T>(work: (thread: ThreadScore) => Promise<T>): Promise<T> {
    if (!this.#thread) {
      const thread = new ThreadScore();
      await thread.replay(this.#inputs);
      this.#thread = thread;
      this.#local = undefined;
      this.#inputs = [];
    }
    return work(this.#thread);
  }
}

/** Short enough to try on the event loop. */
function cheap(input: EvalInput): boolean {
  return (input.code?.length ?? 0) + 64 * (input.forms?.length ?? 0) <= LOCAL_CHARS;
}

/** The cheap attempt's budget ran out (the engine's own budget, far larger, may not). */
function overBudget(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'BUDGET_STEPS' || code === 'BUDGET_EVENTS';
}
