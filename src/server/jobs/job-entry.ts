import { createHash } from 'node:crypto';

/**
 * One file of the job store (docs/jobs.md): a single JSON line
 *
 *   {"alda-live-job":1,"job":ID,"entry":NAME,"at":ISO-TIME,"sha256":HEX,"body":{…}}\n
 *
 * where `sha256` is of `JSON.stringify(body)`. A file that is not one whole line, not JSON, of
 * another format version, for another job or entry, or whose body does not match its hash, is
 * corrupt: it is reported, never trusted and never silently dropped.
 */
export const JOB_FORMAT = 1;

export type Body = Record<string, unknown>;

export interface Entry {
  readonly at: string;
  readonly body: Body;
}

export function encodeEntry(job: string, entry: string, body: Body, at = new Date()): string {
  const text = JSON.stringify(body);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return `{"alda-live-job":${JOB_FORMAT},"job":${JSON.stringify(job)},"entry":${JSON.stringify(entry)},"at":"${at.toISOString()}","sha256":"${sha256}","body":${text}}\n`;
}

/** The entry a file holds, or why it cannot be trusted. */
export function decodeEntry(text: string, job: string, entry: string): Entry | string {
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) return 'not one whole line (a write was cut short?)';
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  if (value['alda-live-job'] !== JOB_FORMAT) return `format ${JSON.stringify(value['alda-live-job'])}, expected ${JOB_FORMAT}`;
  if (value.job !== job || value.entry !== entry) return `it says it is ${JSON.stringify(value.entry)} of job ${JSON.stringify(value.job)}`;
  const body = value.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'its body is not an object';
  if (createHash('sha256').update(JSON.stringify(body)).digest('hex') !== value.sha256) return 'its body does not match its sha256';
  return { at: typeof value.at === 'string' ? value.at : '', body: body as Body };
}
