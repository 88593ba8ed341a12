import { readFileSync } from 'node:fs';

/** Resident memory of a process in bytes, from /proc (Linux); null where that cannot be read. */
export function processMemory(pid: number): number | null {
  if (pid === process.pid) return process.memoryUsage.rss();
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : null;
  } catch {
    return null;
  }
}
