import * as zodSchemas from './zod-schemas.js';

/**
 * The zod schemas (src/protocol/zod-schemas.ts), for code on a cold `play`'s path, which reads its
 * messages by hand and asks for a schema only past that. Loading zod and building the schemas was
 * ≈55 ms of the server's CPU before it was ready. From sources, this module imports them as any
 * other; in the bundles (scripts/bundle-cli.mjs, `schemasOnDemand`) its text is a `require` of them
 * made at the first call, and esbuild evaluates them, zod with them, only then.
 */
export function schemas(): typeof zodSchemas {
  return zodSchemas;
}
