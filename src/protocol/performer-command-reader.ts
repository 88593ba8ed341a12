import { at, between, boolean, finite, id, integerFrom, object, optional, readMessage, sessionName, SINK_OPTIONS, text, type Check, type Fields } from './field-checks.js';
import type { PerformerCommand } from './performer-messages.js';
import type { ProtocolError } from './protocol-error.js';

/**
 * Reads a command from the server the way `performerCommandSchema` (performer-messages.ts) does,
 * without zod: a performer reads hundreds of commands a second, each a few notes, and zod took
 * more of its CPU than playing them, and some 14 MB of its memory. The schema stays the protocol's
 * definition; test/protocol/performer-command-reader.test.ts holds the two to the same verdict on
 * valid and invalid messages, so that neither can change alone. Keys it does not know are let
 * through, as zod's objects do (zod drops them; nothing here reads them).
 */
export function readPerformerCommand(raw: string): PerformerCommand | ProtocolError {
  return readMessage<PerformerCommand>(raw, COMMANDS, 'a performer command');
}

const tempo = optional(between(1, 1000));
const dataByte = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 127;

/** messages.ts `midiDataSchema`: a channel message of 3 bytes, or 2 for a program change or channel pressure. */
function midiData(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const status = value[0];
  if (typeof status !== 'number' || !Number.isInteger(status) || !dataByte(value[1])) return false;
  if (status >= 0xc0 && status <= 0xdf) return value.length === 2;
  return ((status >= 0x80 && status <= 0xbf) || (status >= 0xe0 && status <= 0xef)) && value.length === 3 && dataByte(value[2]);
}

/** messages.ts `timedMessageSchema`, for every message of a batch: the loop that runs most. */
const timedMessages: Check = (value, path) => {
  if (!Array.isArray(value)) return at(path, 'expected an array');
  for (let i = 0; i < value.length; i++) {
    const message = value[i] as Fields;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return at(`${path}.${i}`, 'expected an object');
    if (typeof message.t !== 'number' || !Number.isFinite(message.t)) return at(`${path}.${i}.t`, 'expected a finite number');
    if (!midiData(message.d)) return at(`${path}.${i}.d`, 'expected the 2 or 3 bytes of a MIDI channel message');
    if (message.p !== undefined && (typeof message.p !== 'string' || message.p.length > 64)) return at(`${path}.${i}.p`, 'expected a string of at most 64 characters');
  }
  return undefined;
};

/** messages.ts `sinkOptionsSchema`. */
const sinkOptions = object(SINK_OPTIONS);

const positive: Check = (value, path) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : at(path, 'expected a positive number'));
const withId = object({ id });

/** Each command of `performerCommandSchema`, by type, made once. */
const COMMANDS: Readonly<Record<string, Check>> = {
  welcome: object({ protocol: integerFrom(1), heartbeat: positive }),
  open: object({ id, session: sessionName, sink: sinkOptions, lookahead: optional(between(0, 10_000)) }),
  schedule: object({ id, start: finite, messages: timedMessages, continues: optional(boolean), tempo }),
  replace: object({ id, part: text(0, 64), from: finite, messages: timedMessages, tempo }),
  stop: withId,
  panic: withId,
  position: withId,
  heartbeat: () => undefined,
  shutdown: () => undefined,
  clock: object({ sent: finite, server: finite }),
};
