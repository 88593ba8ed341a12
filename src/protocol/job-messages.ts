import { z } from 'zod';
import { PROTOCOL_VERSION } from './envelope.js';
import { sinkOptionsSchema } from './messages.js';

/** What a job does once its score is built. */
export const jobActionSchema = z.discriminatedUnion('kind', [
  /** Play on a performer of its own (`sink` as an eval's). */
  z.object({ kind: z.literal('play'), sink: sinkOptionsSchema.optional() }),
  /** Write a file: `path` is absolute (the client resolves it), `format` from its extension. */
  z.object({ kind: z.literal('export'), path: z.string().min(2).max(4096).startsWith('/'), format: z.enum(['midi', 'wav']) }),
]);
export type JobAction = z.infer<typeof jobActionSchema>;

/** A job's request file's body (src/server/jobs/job-store.ts). */
export const jobRequestSchema = z.object({
  /** The client's request id: a retried submit finds the job its first attempt made. */
  requestId: z.string().min(1).max(200),
  code: z.string(),
  name: z.string().max(4096),
  do: jobActionSchema,
});

/** Client → server requests for jobs (docs/protocol.md, "Jobs"). */
const v = z.literal(PROTOCOL_VERSION);
const id = z.string().min(1).max(200);
const job = z.string().min(1).max(100);

export const jobRequestSchemas = [
  /** Stores a job durably and answers `{job, existing}` at once; a retried submit answers the same job. */
  z.object({ v, type: z.literal('job.submit'), id, code: z.string().max(16 * 1024 * 1024), name: z.string().max(4096).optional(), do: jobActionSchema }),
  z.object({ v, type: z.literal('job.status'), id, job }),
  z.object({ v, type: z.literal('job.result'), id, job }),
  z.object({ v, type: z.literal('job.close'), id, job }),
  /** Stops a job that is not done (a running one at once); it fails with `ALDA_JOB_CANCELLED`. Answers its status. */
  z.object({ v, type: z.literal('job.cancel'), id, job }),
  z.object({ v, type: z.literal('job.list'), id }),
] as const;
