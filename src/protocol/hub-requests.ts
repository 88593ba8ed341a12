import { z } from 'zod';
import { serviceRequestSchemas } from './broker-messages.js';
import { jobRequestSchemas } from './job-messages.js';

/**
 * The client requests the service hub answers (`request`, `mmi.service`, `job.*`), checked
 * against their own schema: server.ts sends a message here when its `type` is one of these.
 */
export const hubRequestSchema = z.discriminatedUnion('type', [...serviceRequestSchemas, ...jobRequestSchemas]);
export type HubRequest = z.infer<typeof hubRequestSchema>;

const HUB_TYPES: ReadonlySet<string> = new Set(hubRequestSchema.options.map((option) => option.shape.type.value));

/** Is this a request for the hub (whatever else is wrong with it)? */
export function isHubRequest(value: unknown): value is HubRequest {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && HUB_TYPES.has(type);
}
