import { open } from 'node:fs/promises';

/** fsync on a directory: what makes a rename or a new entry in it survive a crash. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
