import { timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two secrets (a length that differs is told at once: lengths are no secret). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
