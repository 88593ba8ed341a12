import { anyText, id, integerFrom, object, optional, readMessage, record, sessionName, type Check } from './field-checks.js';
import type { ServerToClient } from './messages.js';
import type { ProtocolError } from './protocol-error.js';

/**
 * Reads what the server says to a client (a reply, an error, an update, an event) the way
 * `serverToClientSchema` (messages.ts) does, without zod: a client reads one a request, and the
 * live-coding page's bundle need not carry zod for it. The schema stays the protocol's
 * definition; test/protocol/server-message-reader.test.ts holds the two to the same verdict.
 * Keys it does not know are let through (zod drops them; nothing reads them).
 */
export function readServerMessage(raw: string): ServerToClient | ProtocolError {
  return readMessage<ServerToClient>(raw, MESSAGES, 'a message from the server');
}

/** messages.ts `sourceSpanSchema`. */
const lineAndColumn = { line: integerFrom(1), column: integerFrom(1) };
const span = object({ file: anyText, ...lineAndColumn, end: object(lineAndColumn) });

const MESSAGES: Readonly<Record<string, Check>> = {
  reply: object({ id, result: record }),
  error: object({ id: optional(id), code: anyText, message: anyText, span: optional(span) }),
  update: object({ session: sessionName, events: integerFrom(0), code: optional(anyText) }),
  event: object({ session: sessionName, kind: anyText, message: anyText }),
};
