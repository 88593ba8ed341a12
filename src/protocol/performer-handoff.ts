import { anyText, object, text } from './field-checks.js';

/**
 * Where a performer started beside its server connects, and as whom: one JSON line the server
 * writes to the performer's stdin once it listens (src/server/adopted-performer.ts). The token
 * travels only in that pipe, never in an argument or the environment.
 */
export interface Handoff {
  readonly url: string;
  readonly token: string;
  readonly worker: string;
}

const isHandoff = object({ url: anyText, token: text(16, Infinity), worker: text(1, 200) });

/** The handoff in a line, or undefined if the line is not one. */
export function readHandoff(line: string): Handoff | undefined {
  try {
    const value = JSON.parse(line) as Handoff;
    return isHandoff(value, '') === undefined ? { url: value.url, token: value.token, worker: value.worker } : undefined;
  } catch {
    return undefined;
  }
}
