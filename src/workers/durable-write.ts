import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from '../files/sync-directory.js';

/**
 * Makes a finished file durable under its final name: fsync the staged file, rename it over
 * `path` (atomic: a reader sees the old file or the new one, never half of one), then fsync the
 * directory so that the rename itself survives a crash.
 */
export async function commitFile(staged: string, path: string): Promise<void> {
  const file = await open(staged, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(staged, path);
  await syncDirectory(dirname(path));
}
