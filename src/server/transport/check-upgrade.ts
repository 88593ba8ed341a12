import type { IncomingMessage } from 'node:http';
import { CREDENTIAL_PROTOCOL } from '../../protocol/page-credential.js';
import type { PageKeys } from './page-keys.js';
import { sameSecret } from './same-secret.js';

export interface UpgradePolicy {
  readonly token: string;
  /** Bound to loopback: then the Host header must name loopback too (no DNS rebinding). */
  readonly loopback: boolean;
  readonly allowedOrigins: readonly string[];
  /** The credentials the live-coding page was given (src/server/transport/page-keys.ts). */
  readonly pageKeys: PageKeys;
}

/**
 * Decides whether a WebSocket upgrade may proceed: undefined if so, else the HTTP status to
 * refuse it with. The token comes as `Authorization: Bearer TOKEN`, or as `?token=` for clients
 * that cannot set headers. A browser always sends `Origin`; a page on the web must not drive the
 * server, so any origin not explicitly allowed is refused, but for the server's own pages on
 * loopback, which present a credential they were given for a one-time code, as a subprotocol
 * (both the live-coding page and the performer page: one login). The token itself never goes to a page.
 */
export function checkUpgrade(request: IncomingMessage, policy: UpgradePolicy): { status: number; reason: string } | undefined {
  const origin = request.headers.origin;
  const ownPage = origin !== undefined && policy.loopback && origin === ownOrigin(request);
  if (origin !== undefined && !ownPage && !policy.allowedOrigins.includes(origin)) return { status: 403, reason: 'Forbidden origin' };
  if (policy.loopback && !isLoopbackHost(request)) return { status: 403, reason: 'Forbidden host' };
  if (ownPage) {
    const offered = offeredProtocols(request);
    const credential = offered.find((protocol) => protocol.startsWith(CREDENTIAL_PROTOCOL));
    if (credential !== undefined && policy.pageKeys.accepts(credential.slice(CREDENTIAL_PROTOCOL.length))) return undefined;
    return { status: 401, reason: 'Unauthorized: open the page with `alda-live page`' };
  }
  const header = request.headers.authorization;
  const presented = header?.startsWith('Bearer ')
    ? header.slice('Bearer '.length)
    : new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
  if (!sameSecret(presented, policy.token)) return { status: 401, reason: 'Unauthorized: present the token from the state file' };
  return undefined;
}

/** The origin of a page this server served on the address the request came to: `http://HOST`. */
export function ownOrigin(request: IncomingMessage): string {
  return `http://${request.headers.host ?? ''}`;
}

/** Whether the Host header names loopback (127.0.0.1, localhost, [::1], with any port). */
export function isLoopbackHost(request: IncomingMessage): boolean {
  const hostname = (request.headers.host ?? '').replace(/:\d+$/, '');
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname);
}

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
}
