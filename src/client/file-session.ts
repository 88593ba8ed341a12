import { basename } from 'node:path';

/**
 * The session a score file plays in, from its name: `alda-live watch FILE` and an editor playing
 * FILE share it. Within the protocol's 1–64 of A–Z a–z 0–9 . _ -
 */
export function sessionForFile(file: string): string {
  return `watch-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 64);
}
