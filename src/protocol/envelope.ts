/** The protocol version every message carries as `v` (docs/protocol.md); the one place it is written. */
export const PROTOCOL_VERSION = 1;

/** Serialises a message with the envelope's version filled in. */
export function encode(message: Record<string, unknown>): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}
