import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface UpgradePolicy {
  readonly token: string;
  /** Bound to loopback: then the Host header must name loopback too (no DNS rebinding). */
  readonly loopback: boolean;
  readonly allowedOrigins: readonly string[];
}

/**
 * Decides whether a WebSocket upgrade may proceed: undefined if so, else the HTTP status to
 * refuse it with. The token comes as `Authorization: Bearer TOKEN`, or as `?token=` for clients
 * that cannot set headers. A browser always sends `Origin`; a page on the web must not drive the
 * server, so any origin not explicitly allowed is refused.
 */
export function checkUpgrade(request: IncomingMessage, policy: UpgradePolicy): { status: number; reason: string } | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !policy.allowedOrigins.includes(origin)) return { status: 403, reason: 'Forbidden origin' };
  if (policy.loopback) {
    const hostname = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname)) return { status: 403, reason: 'Forbidden host' };
  }
  const header = request.headers.authorization;
  const presented = header?.startsWith('Bearer ')
    ? header.slice('Bearer '.length)
    : new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
  if (!sameSecret(presented, policy.token)) return { status: 401, reason: 'Unauthorized: present the token from the state file' };
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
