import { anyText, boolean, commonMessage, envelope, exactly, finite, id, optional, sessionName, text } from './field-checks.js';
import { clientRequestSchema, validate, type ClientRequest, type ProtocolError } from './messages.js';

/**
 * Reads a client's request (already parsed) as `clientRequestSchema` does. The requests that come
 * many a second (an eval of text, a ping, what the live-coding page polls) are checked by hand
 * when they carry only the fields they may: zod cost the server more than routing them. Anything
 * else, and any request the hand check finds at fault, goes to the schema, for its verdict and
 * its words. test/protocol/client-request-reader.test.ts holds the two to the same verdict.
 */
export function readClientRequest(value: unknown): ClientRequest | ProtocolError {
  return commonRequest(value) ?? validate(clientRequestSchema, value);
}

/** The request, if it is one of the common ones and valid to its last field; otherwise undefined: the schema decides. */
export function commonRequest(value: unknown): ClientRequest | undefined {
  return commonMessage<ClientRequest>(value, COMMON);
}

const inSession = { ...envelope, id, session: sessionName };

/** messages.ts `clientRequestSchema`, for the common requests: an eval of text without a sink, a transform or forms. */
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
  }),
  ping: exactly({ ...envelope, id }),
  wait: exactly(inSession),
  position: exactly(inSession),
  notes: exactly({ ...inSession, from: optional(finite), to: optional(finite) }),
};
