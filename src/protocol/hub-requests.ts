import { z } from 'zod';
import { serviceRequestSchemas } from './broker-messages.js';
import { jobRequestSchemas } from './job-messages.js';

export { isHubRequest } from './message-routing.js';

/**
 * The client requests the service hub answers (`request`, `mmi.service`, `job.*`), checked
 * against their own schema: server.ts sends a message here when its `type` is one of these.
 */
export const hubRequestSchema = z.discriminatedUnion('type', [...serviceRequestSchemas, ...jobRequestSchemas]);
export type HubRequest = z.infer<typeof hubRequestSchema>;
