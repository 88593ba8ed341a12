import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';

/**
 * The session an editor plays a score file in: one per file, named after it and its full path,
 * so two files with the same name never meet. (`watch` starts a fresh session unless told
 * `--session NAME`.) Within the protocol's 1–64 of A–Z a–z 0–9 . _ -
 */
export function sessionForFile(file: string): string {
  const tag = createHash('sha256').update(resolve(file)).digest('hex').slice(0, 8);
  return `edit-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 50)}-${tag}`;
}
