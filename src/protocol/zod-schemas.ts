/**
 * What the server reads with zod, in one place: loaded through src/protocol/schemas-on-demand.ts,
 * so that a cold server evaluates none of it (nor zod) before it has to.
 */
export { commandLine, MANIFEST, readComponent } from './component-manifest.js';
export { hubRequestSchema } from './hub-requests.js';
export { serviceWorkerMessageSchema } from './broker-messages.js';
export { jobRequestSchema } from './job-messages.js';
export { clientRequestSchema, transformAnswerSchema } from './messages.js';
export { performerResultSchemas, workerMessageSchema } from './performer-messages.js';
export { viewFromJson } from './view-json.js';
