import { CodedError } from './coded-error.js';
import { PROTOCOL_VERSION } from './envelope.js';

/** The protocol versions this side speaks; the highest shared one is chosen. */
export const PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/**
 * What the server offers clients, by name: `sessions` (eval, join, …), `live` (loops), `check`,
 * `services` (the broker), `jobs`, `nrepl` (when it answers Alda's REPL protocol too).
 */
export type ServerCapability = 'sessions' | 'live' | 'check' | 'services' | 'jobs' | 'nrepl';

/** The highest version both sides speak, or a refusal that says which ones this side does. */
export function chooseVersion(theirs: readonly number[]): number {
  const shared = theirs.filter((version) => PROTOCOL_VERSIONS.includes(version));
  if (shared.length === 0) {
    throw new CodedError('ALDA_BAD_VERSION', `No protocol version in common: this side speaks ${PROTOCOL_VERSIONS.join(', ')}, the other ${theirs.join(', ')}`);
  }
  return Math.max(...shared);
}

/** What a `hello` gets: the version chosen, and the capabilities both want (all the server's when the client named none). */
export function negotiate(
  hello: { protocol?: readonly number[] | undefined; capabilities?: readonly string[] | undefined },
  offered: readonly ServerCapability[],
): { protocol: number; capabilities: ServerCapability[] } {
  const protocol = chooseVersion(hello.protocol ?? [PROTOCOL_VERSION]);
  const capabilities = hello.capabilities === undefined ? [...offered] : offered.filter((name) => hello.capabilities!.includes(name));
  return { protocol, capabilities };
}
