import type { HubRequest } from './hub-requests.js';

/**
 * Where a parsed message goes, read from its `type` before any schema checks it (the schemas are
 * loaded on demand: src/protocol/schemas-on-demand.ts).
 */

/** The `type`s of hub-requests.ts `hubRequestSchema` (test/protocol/message-routing.test.ts holds the two equal). */
export const HUB_REQUEST_TYPES: ReadonlySet<string> = new Set(['request', 'mmi.service', 'job.submit', 'job.status', 'job.result', 'job.close', 'job.cancel', 'job.list']);

/** Is this a request for the hub (whatever else is wrong with it)? */
export function isHubRequest(value: unknown): value is HubRequest {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && HUB_REQUEST_TYPES.has(type);
}

/** Is this parsed message a worker announcing a broker service (not a performer)? */
export function isServiceReady(value: unknown): boolean {
  const message = value as { type?: unknown; service?: unknown } | null;
  return typeof message === 'object' && message !== null && message.type === 'ready' && message.service !== 'performer';
}
