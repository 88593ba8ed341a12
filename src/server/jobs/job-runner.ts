import { BrokerError } from '../broker/broker-error.js';
import type { RequestOptions } from '../broker/broker.js';
import { JobError } from './job-desk.js';
import type { Body } from './job-entry.js';
import { JobStoreError, type JobStore } from './job-store.js';
import type { Job, Step } from './job.js';
import { exportKey } from '../../files/staging-file.js';

export type ServiceRequest = (service: string, body: Body, options: RequestOptions) => Promise<Body>;

export interface JobRunnerOptions {
  readonly store: JobStore;
  /** Asks a worker of a service (the broker). */
  readonly request: ServiceRequest;
  /** Plays a built score (the `view` of the `built` step) with the job's sink; stops it when `signal` aborts. */
  readonly play: (job: Job, view: Body, signal: AbortSignal) => Promise<Body>;
  /** Jobs worked on at once: most of a job's time is fsyncs, which overlap well. @default 16 */
  readonly concurrency?: number;
  /** How long a job whose service has no worker waits before it asks again, in ms. @default 1000 */
  readonly retryDelay?: number;
  /**
   * How long one run of a job may take, in ms, before it is stopped and fails with
   * `ALDA_JOB_TIMEOUT`: an export, or the compile of a play (a play itself lasts as long as its
   * music, which the score's time budget bounds). @default 3600000 (1 h)
   */
  readonly timeBudget?: number;
  readonly log: (line: string) => void;
}

export type JobState = 'pending' | 'running' | 'complete' | 'failed' | 'corrupt';

/** Codes that mean "not now", not "never": the job stays pending and is tried again. */
const TRANSIENT = new Set(['ALDA_SERVICE_EXPIRED', 'ALDA_QUEUE_FULL', 'ALDA_BROKER_CLOSED']);

/**
 * Runs the store's jobs through their steps, oldest first, from the last step each has done:
 *
 *   request ─compiler─▶ parsed ─compiler─▶ built ─performer─▶ playing ─▶ played
 *                       (partial)          (final)
 *   request ─exporter─▶ built ─exporter─▶ exported
 *                       (partial: notes, end)  (final: the file's path, bytes, sha256)
 *
 * Execution is at least once: a step is stored only after it is done, and a crash in between
 * does it again, so every step is idempotent (the compiler is pure; the exporter compiles the same text
 * and writes the same bytes through the same staging file). Playing is the exception, since a play cannot be taken
 * back: `playing` is stored before the performer gets the notes, and a job resumed after it is
 * not played again.
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #concurrency: number;
  readonly #active = new Map<string, Promise<void>>();
  /** Jobs that wait for a service, and why: shown by `status`. */
  readonly #waiting = new Map<string, string>();
  readonly #progress = new Map<string, Body>();
  /** Running jobs, and how to stop each. */
  readonly #stops = new Map<string, AbortController>();
  readonly #timeBudget: number;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: JobRunnerOptions) {
    const { concurrency = 16 } = options;
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new TypeError(`Expected \`concurrency\` to be an integer of at least 1, got ${concurrency} (${typeof concurrency})`);
    }
    const { timeBudget = 3_600_000 } = options;
    if (!(Number.isInteger(timeBudget) && timeBudget >= 1)) {
      throw new TypeError(`Expected \`timeBudget\` to be a whole number of ms above 0, got ${timeBudget} (${typeof timeBudget})`);
    }
    this.#options = options;
    this.#concurrency = concurrency;
    this.#timeBudget = timeBudget;
  }

  /** Starts waiting jobs, up to `concurrency` at once. Call it after a submission. */
  wake(): void {
    if (this.#closed) return;
    for (const job of this.#options.store.jobs) {
      if (this.#active.size >= this.#concurrency) return;
      if (this.#active.has(job.id) || this.#waiting.has(job.id) || this.state(job) !== 'pending') continue;
      const run = this.#run(job).finally(() => {
        this.#active.delete(job.id);
        this.#progress.delete(job.id);
        this.wake();
      });
      this.#active.set(job.id, run);
    }
  }

  state(job: Job): JobState {
    if (job.corrupt !== undefined) return 'corrupt';
    if (job.steps.has('failed')) return 'failed';
    if (job.steps.has(job.request?.do.kind === 'play' ? 'played' : 'exported')) return 'complete';
    return this.#active.has(job.id) ? 'running' : 'pending';
  }

  isRunning(job: Job): boolean {
    return this.#active.has(job.id);
  }

  /** Why a pending job is not running, and the progress of a running one. */
  notes(job: Job): { waiting?: string; progress?: Body } {
    const waiting = this.#waiting.get(job.id);
    const progress = this.#progress.get(job.id);
    return { ...(waiting === undefined ? {} : { waiting }), ...(progress === undefined ? {} : { progress }) };
  }

  /**
   * Cancels a job that is not done: a running one stops where it is (its worker's thread is
   * replaced, a play is silenced) and fails with `ALDA_JOB_CANCELLED`, as does a pending one.
   * Resolves once the job is failed.
   */
  async cancel(job: Job): Promise<void> {
    const cancelled = new JobError('ALDA_JOB_CANCELLED', `Job ${job.id} was cancelled`);
    const running = this.#active.get(job.id);
    if (running) {
      this.#stops.get(job.id)?.abort(cancelled);
      return running;
    }
    // Claimed while its failure is stored, so that `wake` does not start it meanwhile.
    const stored = this.#failed(job, nextStep(job), cancelled).finally(() => this.#active.delete(job.id));
    this.#active.set(job.id, stored);
    await stored;
  }

  /** Starts nothing more; jobs under way stop at their next step (the broker rejects them) and stay pending. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
  }

  async #run(job: Job): Promise<void> {
    const stop = new AbortController();
    this.#stops.set(job.id, stop);
    const minutes = this.#timeBudget / 60_000;
    const timer = setTimeout(
      () => stop.abort(new JobError('ALDA_JOB_TIMEOUT', `Job ${job.id} ran past its time budget (${minutes < 1 ? `${this.#timeBudget / 1000} s` : `${minutes} min`}) and was stopped`)),
      this.#timeBudget,
    );
    try {
      await this.#steps(job, stop.signal, () => clearTimeout(timer));
    } finally {
      clearTimeout(timer);
      this.#stops.delete(job.id);
    }
  }

  /** `playing` is called once the work under the time budget is done and a play begins. */
  async #steps(job: Job, signal: AbortSignal, playing: () => void): Promise<void> {
    const { store } = this.#options;
    const request = job.request!;
    let step: Step = 'parsed';
    try {
      if (request.do.kind === 'export') {
        step = job.steps.has('built') ? 'exported' : 'built';
        // The exporter compiles the text itself and writes the file: only a reference to it comes back.
        let storing: Promise<unknown> = Promise.resolve();
        const exported = await this.#options.request(
          'exporter',
          { code: request.code, name: request.name, format: request.do.format, path: request.do.path, key: exportKey(job.id) },
          {
            signal,
            onPartial: (body) => {
              if (body.step !== 'built') return void this.#progress.set(job.id, body);
              storing = store.record(job, 'built', { notes: body.notes, end: body.end }).then(
                () => undefined,
                (error: unknown) => error,
              );
              step = 'exported';
            },
          },
        );
        const notStored = await storing;
        if (notStored) throw notStored;
        await store.record(job, 'exported', exported);
        return;
      }
      let view: Body | undefined;
      if (!job.steps.has('built')) {
        const parsed = job.steps.has('parsed') ? await store.read(job, 'parsed') : undefined;
        step = parsed ? 'built' : 'parsed';
        // Stored as the partial arrives; a failure to store it is taken up once the request is answered.
        let storing: Promise<unknown> = Promise.resolve();
        const built = await this.#options.request(
          'compiler',
          parsed ? { forms: parsed.forms, code: request.code, name: request.name } : { code: request.code, name: request.name },
          {
            signal,
            onPartial: (body) => {
              if (body.step !== 'parsed') return;
              storing = store.record(job, 'parsed', { forms: body.forms }).then(
                () => undefined,
                (error: unknown) => error,
              );
              step = 'built';
            },
          },
        );
        const notStored = await storing;
        if (notStored) throw notStored;
        await store.record(job, 'built', { view: built.view });
        view = built.view as Body;
      }
      view ??= (await store.read(job, 'built')).view as Body;
      if (job.steps.has('playing')) {
        step = 'played';
        await store.record(job, 'played', { interrupted: true, note: 'the server stopped during the play; it is not played again, so that it is never heard twice' });
      } else {
        step = 'playing';
        await store.record(job, 'playing', {});
        step = 'played';
        playing();
        await store.record(job, 'played', await this.#options.play(job, view, signal));
      }
    } catch (error) {
      await this.#failed(job, step, error);
    }
  }

  async #failed(job: Job, step: Step, error: unknown): Promise<void> {
    const code = (error as { code?: unknown }).code;
    const message = (error as Error).message;
    if (this.#closed) return;
    if (error instanceof JobStoreError && job.corrupt !== undefined) {
      this.#options.log(`Job ${job.id} is corrupt: ${job.corrupt}`);
      return;
    }
    if (error instanceof JobStoreError || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) {
      this.#options.log(`Job ${job.id}: the store failed at ${step}: ${message}`);
      return this.#later(job, `the job store failed: ${message}`);
    }
    if (error instanceof BrokerError && TRANSIENT.has(error.code)) return this.#later(job, message);
    // Errors with a code are the user's (a score that does not compile, a file that cannot be written).
    const known = typeof code === 'string';
    if (!known) this.#options.log(`Job ${job.id} failed at ${step}; this is a bug: ${(error as Error).stack ?? String(error)}`);
    try {
      await this.#options.store.record(job, 'failed', { step, code: known ? code : 'ALDA_INTERNAL', message: known ? message : `Something went wrong; this is a bug: ${message}` });
    } catch (storeError) {
      this.#options.log(`Job ${job.id}: cannot store its failure: ${(storeError as Error).message}`);
    }
  }

  /** The job stays pending, with why, and is tried again after `retryDelay`. */
  #later(job: Job, why: string): void {
    this.#waiting.set(job.id, why);
    this.#retry ??= setTimeout(() => {
      this.#retry = undefined;
      this.#waiting.clear();
      this.wake();
    }, this.#options.retryDelay ?? 1000);
  }
}

/** The step a job that is not running would do next: where a cancellation stops it. */
function nextStep(job: Job): Step {
  if (job.request?.do.kind === 'export') return job.steps.has('built') ? 'exported' : 'built';
  if (job.steps.has('playing')) return 'played';
  return job.steps.has('built') ? 'playing' : job.steps.has('parsed') ? 'built' : 'parsed';
}
