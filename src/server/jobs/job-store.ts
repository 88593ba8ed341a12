import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEntry, encodeEntry, type Body, type Entry } from './job-entry.js';
import { syncDirectory } from '../../files/sync-directory.js';
import { STEPS, type Job, type JobRequest, type Step } from './job.js';
import { schemas } from '../../protocol/schemas-on-demand.js';

/** A job id: the submission time and a random tail, so that ids sort in submission order. */
const JOB_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/** Something the store cannot do: a corrupt entry, a disk that refuses. */
export class JobStoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'JobStoreError';
    this.code = code;
  }
}

/**
 * The titanic job store: a directory per job under `DIR` (the state dir's `jobs/`), holding
 * `request.json` and one file per finished step (docs/jobs.md). Every file is written to
 * `NAME.tmp`, fsynced, renamed into place and its directory fsynced, so an entry is either
 * wholly there or not at all; a submission is acknowledged only after that.
 */
export class JobStore {
  readonly dir: string;
  readonly #jobs = new Map<string, Job>();
  readonly #byRequest = new Map<string, Job>();
  /** What `open` found wrong, one line each, for the server's log. */
  readonly problems: string[] = [];

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Reads every job in `dir` (creating it), checking each file; a corrupt one marks its job, it does not stop the server. */
  static open(dir: string): JobStore {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new JobStore(dir);
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.startsWith('.trash-')) {
        rmSync(path, { recursive: true, force: true });
      } else if (JOB_ID.test(name)) {
        store.#load(name);
      } else {
        store.problems.push(`${path}: not a job (left alone)`);
      }
    }
    return store;
  }

  get jobs(): readonly Job[] {
    return [...this.#jobs.values()];
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  /** Stores a new job durably and returns it; a repeat of the same client request returns the job it made. */
  async submit(request: JobRequest): Promise<{ job: Job; existing: boolean }> {
    const existing = this.#byRequest.get(request.requestId);
    if (existing) return { job: existing, existing: true };
    const now = new Date();
    const id = `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const job: Job = { id, request, submittedAt: now.toISOString(), steps: new Map(), corrupt: undefined };
    // Claimed before the first await, so that a concurrent repeat finds it.
    this.#byRequest.set(request.requestId, job);
    try {
      await mkdir(join(this.dir, id), { mode: 0o700 });
      await this.#write(job.id, 'request', request, now);
      await syncDirectory(this.dir);
    } catch (error) {
      this.#byRequest.delete(request.requestId);
      await rm(join(this.dir, id), { recursive: true, force: true });
      throw new JobStoreError('ALDA_JOB_STORE', `Cannot store the job in ${this.dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    this.#jobs.set(id, job);
    return { job, existing: false };
  }

  /** Stores a finished step (idempotent: a step stored already is left as it is). */
  async record(job: Job, step: Step, body: Body): Promise<void> {
    if (job.steps.has(step) || !this.#jobs.has(job.id)) return;
    const at = new Date();
    await this.#write(job.id, step, body, at);
    job.steps.set(step, at.toISOString());
  }

  /** A step's stored body, checked again as it is read. */
  async read(job: Job, step: Step): Promise<Body> {
    const text = await readFile(join(this.dir, job.id, `${step}.json`), 'utf8');
    const entry = decodeEntry(text, job.id, step);
    if (typeof entry === 'string') {
      job.corrupt = `${step}.json: ${entry}`;
      throw new JobStoreError('ALDA_JOB_CORRUPT', `Job ${job.id} is corrupt: ${job.corrupt}`);
    }
    return entry.body;
  }

  /** Forgets a job: its directory is renamed away (atomic), then removed. */
  async forget(job: Job): Promise<void> {
    this.#jobs.delete(job.id);
    if (job.request) this.#byRequest.delete(job.request.requestId);
    const trash = join(this.dir, `.trash-${job.id}`);
    await rename(join(this.dir, job.id), trash);
    await syncDirectory(this.dir);
    await rm(trash, { recursive: true, force: true });
  }

  async #write(id: string, entry: string, body: Body, at: Date): Promise<void> {
    const directory = join(this.dir, id);
    const path = join(directory, `${entry}.json`);
    const temporary = `${path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(encodeEntry(id, entry, body, at));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncDirectory(directory);
  }

  #load(id: string): void {
    const directory = join(this.dir, id);
    const names = new Set(readdirSync(directory));
    // A directory without its request is a submission cut short: never acknowledged, so nobody holds its id.
    if (!names.has('request.json')) {
      this.problems.push(`${directory}: a submission that never completed (no request.json); removed`);
      rmSync(directory, { recursive: true, force: true });
      return;
    }
    const job: Job = { id, request: undefined, submittedAt: '', steps: new Map(), corrupt: undefined };
    this.#jobs.set(id, job);
    const request = this.#entry(directory, id, 'request');
    if (typeof request === 'string') return this.#corrupt(job, `request.json: ${request}`);
    const parsed = schemas().jobRequestSchema.safeParse(request.body);
    if (!parsed.success) return this.#corrupt(job, `request.json: not a job request (${parsed.error.issues[0]!.message})`);
    Object.assign(job, { request: parsed.data, submittedAt: request.at });
    this.#byRequest.set(parsed.data.requestId, job);
    for (const name of names) {
      // A step whose write was cut short before its rename was never done: it will be done again.
      if (name.endsWith('.tmp')) rmSync(join(directory, name), { force: true });
    }
    for (const step of STEPS) {
      if (!names.has(`${step}.json`)) continue;
      const entry = this.#entry(directory, id, step);
      if (typeof entry === 'string') return this.#corrupt(job, `${step}.json: ${entry}`);
      job.steps.set(step, entry.at);
    }
  }

  #entry(directory: string, id: string, entry: string): Entry | string {
    try {
      return decodeEntry(readFileSync(join(directory, `${entry}.json`), 'utf8'), id, entry);
    } catch (error) {
      return `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
  }

  #corrupt(job: Job, why: string): void {
    job.corrupt = why;
    this.problems.push(`job ${job.id} is corrupt: ${why}; it is kept, not run, until \`alda-live job close ${job.id}\``);
  }
}
