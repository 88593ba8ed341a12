import { anyText, arrayOf, boolean, commonMessage, envelope, exact, exactly, finite, id, LINK_OPTIONS, optional, protocolVersions, sessionName, SINK_OPTIONS, text } from './field-checks.js';
import type { ClientRequest } from './messages.js';
import type { ProtocolError } from './protocol-error.js';
import { schemas } from './schemas-on-demand.js';
import { validate } from './schema-check.js';

/**
 * Reads a client's request (already parsed) as `clientRequestSchema` does. The requests that come
 * many a second (an eval of text, a ping, what the live-coding page polls) are checked by hand
 * when they carry only the fields they may: zod cost the server more than routing them. Anything
 * else, and any request the hand check finds at fault, goes to the schema, for its verdict and
 * its words. test/protocol/client-request-reader.test.ts holds the two to the same verdict.
 */
export function readClientRequest(value: unknown): ClientRequest | ProtocolError {
  return commonRequest(value) ?? validate(schemas().clientRequestSchema, value);
}

/** The request, if it is one of the common ones and valid to its last field; otherwise undefined: the schema decides. */
export function commonRequest(value: unknown): ClientRequest | undefined {
  return commonMessage<ClientRequest>(value, COMMON);
}

const inSession = { ...envelope, id, session: sessionName };
/** A sink as the schema gives it back: no field it would drop, here or in `link`. */
const sink = exact({ ...SINK_OPTIONS, link: optional(exact(LINK_OPTIONS)) });

/** messages.ts `clientRequestSchema`, for the common requests: an eval of text without a transform or forms (a cold `play`'s, with its sink), `hello`. */
const COMMON: Readonly<Record<string, (value: unknown) => boolean>> = {
  eval: exactly({
    ...inSession,
    code: anyText,
    name: optional(text(0, 4096)),
    reset: optional(boolean),
    play: optional(boolean),
    from: optional(text(0, 200)),
    to: optional(text(0, 200)),
    oneShot: optional(boolean),
    sink: optional(sink),
  }),
  hello: exactly({ ...envelope, id, protocol: protocolVersions, capabilities: optional(arrayOf(text(0, 32), 0, 32)), client: optional(text(0, 200)) }),
  ping: exactly({ ...envelope, id }),
  wait: exactly(inSession),
  position: exactly(inSession),
  notes: exactly({ ...inSession, from: optional(finite), to: optional(finite) }),
};
