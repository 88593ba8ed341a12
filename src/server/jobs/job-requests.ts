import { z } from 'zod';
import { PROTOCOL_VERSION } from '../../protocol/envelope.js';
import { jobActionSchema } from './job.js';

/** Client → server requests for jobs (part of protocol.ts's client requests; docs/protocol.md, "Jobs"). */
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
