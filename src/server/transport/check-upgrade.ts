import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface UpgradePolicy {
  readonly token: string;
  /** Bound to loopback: then the Host header must name loopback too (no DNS rebinding). */
  readonly loopback: boolean;
  readonly allowedOrigins: readonly string[];
}

/** The WebSocket subprotocol our pages ask for; the token travels beside it as `alda-live.token.TOKEN`. */
export const PAGE_PROTOCOL = 'alda-live';
const TOKEN_PROTOCOL = `${PAGE_PROTOCOL}.token.`;

/**
 * Decides whether a WebSocket upgrade may proceed: undefined if so, else the HTTP status to
 * refuse it with. The token comes as `Authorization: Bearer TOKEN`, as a subprotocol
 * `alda-live.token.TOKEN` (a browser can set no header but that one), or as `?token=` for
 * clients that can do neither. A browser always sends `Origin`; a page on the web must not drive
 * the server, so any origin is refused but those explicitly allowed and, bound to loopback, the
 * server's own (the pages it serves itself, on the Host the request names).
 */
export function checkUpgrade(request: IncomingMessage, policy: UpgradePolicy): { status: number; reason: string } | undefined {
  const origin = request.headers.origin;
  if (policy.loopback) {
    const hostname = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname)) return { status: 403, reason: 'Forbidden host' };
  }
  const ours = policy.loopback && origin === `http://${request.headers.host}`;
  if (origin !== undefined && !ours && !policy.allowedOrigins.includes(origin)) return { status: 403, reason: 'Forbidden origin' };
  const header = request.headers.authorization;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((name) => name.trim());
  const subprotocol = offered.find((name) => name.startsWith(TOKEN_PROTOCOL));
  const presented = header?.startsWith('Bearer ')
    ? header.slice('Bearer '.length)
    : subprotocol !== undefined
      ? subprotocol.slice(TOKEN_PROTOCOL.length)
      : new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
  if (!sameSecret(presented, policy.token)) return { status: 401, reason: 'Unauthorized: present the token from the state file' };
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
