import type { ServiceHandler } from './service-handler.js';

/**
 * The services our own worker processes offer, each loaded only in a thread that serves it (the
 * exporter's synth is heavy to load, the compiler needs none of it). A worker for another
 * service can be written in any language (docs/protocol.md).
 */
const LOADERS: Readonly<Record<string, () => Promise<ServiceHandler>>> = {
  compiler: async () => (await import('./compiler.js')).compiler,
  exporter: async () => (await import('./exporter.js')).exporter,
};

export const SERVICES: readonly string[] = Object.keys(LOADERS);

export function loadHandler(service: string): Promise<ServiceHandler> {
  const load = LOADERS[service];
  if (!load) throw new TypeError(`Unknown service "${service}": expected one of ${SERVICES.join(', ')}`);
  return load();
}
