import type { z } from 'zod';
import { checkEnvelope, parseJson, ProtocolError } from './protocol-error.js';

/**
 * Checking a message against one of the zod schemas (messages.ts and its kin), apart from them:
 * the server reads a cold `play`'s messages by hand and loads zod only later
 * (src/protocol/schemas-on-demand.ts), so what it reads with stays free of zod itself.
 */

/** Parses a raw frame; a message that is not JSON or fails the schema comes back as a ProtocolError. */
export function decode<T>(schema: z.ZodType<T>, raw: string): T | ProtocolError {
  const value = parseJson(raw);
  return value instanceof ProtocolError ? value : validate(schema, value);
}

/** Checks an already parsed message against a schema and the protocol version. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T | ProtocolError {
  const envelope = checkEnvelope(value);
  return envelope instanceof ProtocolError ? envelope : conform(schema, value, envelope.messageId);
}

/** Checks a value against a schema (a message, or a reply's `result`); the failure names the first field at fault. */
export function conform<T>(schema: z.ZodType<T>, value: unknown, messageId?: string): T | ProtocolError {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return new ProtocolError('ALDA_BAD_MESSAGE', 'Invalid message: nested too deeply', messageId);
  }
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return new ProtocolError('ALDA_BAD_MESSAGE', `Invalid message${where}: ${issue.message}`, messageId);
}
