import { rm } from 'node:fs/promises';
import type { Body } from './job-entry.js';
import { JobStoreError, type JobStore } from './job-store.js';
import type { JobRunner } from './job-runner.js';
import type { JobAction } from '../../protocol/job-messages.js';
import { STEPS, type Job } from './job.js';
import { exportKey, stagingFile } from '../../files/staging-file.js';

export type JobClientRequest =
  | { type: 'job.submit'; id: string; code: string; name?: string | undefined; do: JobAction }
  | { type: 'job.status' | 'job.result' | 'job.close' | 'job.cancel'; id: string; job: string }
  | { type: 'job.list'; id: string };

/** A job request that cannot be answered as asked. */
export class JobError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'JobError';
    this.code = code;
  }
}

/** Answers the clients' `job.*` requests from the store and the runner. */
export class JobDesk {
  readonly #store: JobStore;
  readonly #runner: JobRunner;

  constructor(store: JobStore, runner: JobRunner) {
    this.#store = store;
    this.#runner = runner;
  }

  async answer(request: JobClientRequest): Promise<Body> {
    switch (request.type) {
      case 'job.submit': {
        const { job, existing } = await this.#store.submit({ requestId: request.id, code: request.code, name: request.name ?? '<no file>', do: request.do });
        this.#runner.wake();
        return { job: job.id, existing };
      }
      case 'job.list':
        return { jobs: await Promise.all(this.#store.jobs.map((job) => this.#status(job))) };
      case 'job.status':
        return this.#status(this.#find(request.job));
      case 'job.result': {
        const job = this.#find(request.job);
        const state = this.#runner.state(job);
        if (state === 'corrupt') throw new JobError('ALDA_JOB_CORRUPT', `Job ${job.id} is corrupt: ${job.corrupt}`);
        if (state === 'failed') {
          const failure = await this.#store.read(job, 'failed');
          throw new JobError('ALDA_JOB_FAILED', `Job ${job.id} failed: ${String(failure.message)}`);
        }
        if (state !== 'complete') throw new JobError('ALDA_JOB_NOT_DONE', `Job ${job.id} is not done yet (${state})`);
        const step = job.request!.do.kind === 'play' ? 'played' : 'exported';
        return { job: job.id, do: job.request!.do.kind, result: await this.#store.read(job, step) };
      }
      case 'job.cancel': {
        const job = this.#find(request.job);
        const state = this.#runner.state(job);
        if (state === 'complete' || state === 'failed' || state === 'corrupt') throw new JobError('ALDA_JOB_DONE', `Job ${job.id} is ${state} already; there is nothing to cancel`);
        await this.#runner.cancel(job);
        await this.#removeStaging(job);
        return this.#status(job);
      }
      case 'job.close': {
        const job = this.#find(request.job);
        if (this.#runner.isRunning(job)) throw new JobError('ALDA_JOB_RUNNING', `Job ${job.id} is running; cancel it first (alda-live job cancel ${job.id}), or close it once it is done`);
        await this.#store.forget(job);
        await this.#removeStaging(job);
        return { closed: job.id };
      }
    }
  }

  /** An export cut short (by a crash, a cancellation) leaves its staging file, for the job's next attempt: there is none now. */
  async #removeStaging(job: Job): Promise<void> {
    const action = job.request?.do;
    if (action?.kind === 'export') await rm(stagingFile(action.path, exportKey(job.id)), { force: true });
  }

  #find(id: string): Job {
    const job = this.#store.get(id);
    if (!job) throw new JobError('ALDA_NO_SUCH_JOB', `There is no job ${id} (closed, or never submitted here)`);
    return job;
  }

  async #status(job: Job): Promise<Body> {
    const state = this.#runner.state(job);
    const done = STEPS.filter((step) => step !== 'failed' && job.steps.has(step));
    const action = job.request?.do;
    const status: Body = {
      job: job.id,
      state,
      step: done.at(-1) ?? null,
      steps: Object.fromEntries(done.map((step) => [step, job.steps.get(step)])),
      do: action === undefined ? null : action.kind === 'play' ? 'play' : `export:${action.path}`,
      submittedAt: job.submittedAt,
      ...this.#runner.notes(job),
    };
    if (state === 'corrupt') status.error = { code: 'ALDA_JOB_CORRUPT', message: job.corrupt };
    if (state === 'failed') {
      try {
        const failure = await this.#store.read(job, 'failed');
        status.error = { code: failure.code, message: failure.message, step: failure.step };
      } catch (error) {
        if (!(error instanceof JobStoreError)) throw error;
        status.error = { code: error.code, message: error.message };
      }
    }
    return status;
  }
}
