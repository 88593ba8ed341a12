import { basename, dirname, join } from 'node:path';

/**
 * Where an export is written before it is renamed into place: beside its destination (so the
 * rename is atomic), hidden, and named for the request's key (job and step), so that a repeat
 * of the same step reuses it and closing the job can remove it.
 */
export function stagingFile(path: string, key: string): string {
  return join(dirname(path), `.${basename(path)}.${key}.part`);
}

/** The key of a job's export step. */
export function exportKey(job: string): string {
  return `${job}-exported`;
}
