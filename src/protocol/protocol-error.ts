import { CodedError } from './coded-error.js';
import { PROTOCOL_VERSION } from './envelope.js';
import type { ErrorCode } from './error-codes.js';

/**
 * What every message is checked for before its schema, without zod: a process that loads no
 * schema library (the performer) reads its messages with these too.
 */

/** A message that breaks the protocol. Answered with an `error` reply; never thrown across a socket. */
export class ProtocolError extends CodedError {
  readonly messageId: string | undefined;

  constructor(code: ErrorCode, message: string, messageId: string | undefined) {
    super(code, message);
    this.messageId = messageId;
  }
}

/** JSON.parse, with the failure as a ProtocolError. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return new ProtocolError('ALDA_BAD_JSON', 'The message is not valid JSON', undefined);
  }
}

/**
 * The id a parsed message carries, to answer it by (at most 200 characters), once it is known to
 * be an object of our protocol version; else the ProtocolError that says why it is not.
 */
export function checkEnvelope(value: unknown): { readonly messageId: string | undefined } | ProtocolError {
  const messageId =
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
      ? ((value as { id: string }).id.slice(0, 200) || undefined)
      : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new ProtocolError('ALDA_BAD_MESSAGE', 'Invalid message: expected a JSON object', undefined);
  }
  if ((value as { v?: unknown }).v !== PROTOCOL_VERSION) {
    return new ProtocolError(
      'ALDA_BAD_VERSION',
      `Unsupported protocol version ${JSON.stringify((value as { v?: unknown }).v)}; this side speaks ${PROTOCOL_VERSION}`,
      messageId,
    );
  }
  return { messageId };
}
