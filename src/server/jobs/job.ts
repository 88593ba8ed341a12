import type { z } from 'zod';
import type { jobRequestSchema } from '../../protocol/job-messages.js';

/** The request file's body (job-messages.ts `jobRequestSchema`). */
export type JobRequest = z.infer<typeof jobRequestSchema>;

/**
 * The steps of a job, in order; each is stored once done. `playing` is written before a play is
 * handed to a performer: a job resumed after it is not played again (a play is never heard twice).
 */
export const STEPS = ['parsed', 'built', 'playing', 'played', 'exported', 'failed'] as const;
export type Step = (typeof STEPS)[number];

/** A job as the store knows it: its request and the steps done, or why its files cannot be trusted. */
export interface Job {
  readonly id: string;
  readonly request: JobRequest | undefined;
  readonly submittedAt: string;
  /** Each done step, with when; bodies are read from disk on demand. */
  readonly steps: Map<Step, string>;
  /** Set when a file of the job is corrupt: the job is not run, and is reported until closed. */
  corrupt: string | undefined;
}
