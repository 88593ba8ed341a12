import type { z } from 'zod';
import { commonMessage, envelope, exactly, finite, id, integerFrom, nullable, record, sessionName } from './field-checks.js';
import { conform, ProtocolError, validate } from './messages.js';
import { performerResultSchemas, workerMessageSchema, type PerformerResults, type WorkerMessage } from './performer-messages.js';

/**
 * Reads what a performer says to the server as `workerMessageSchema` and `performerResultSchemas`
 * do. The messages a playing performer sends many a second (its replies to `schedule` and
 * `position`, heartbeats, `idle`) are checked by hand when they carry only the fields they may:
 * under load zod cost the server more than the replies' work. Anything else, and anything the
 * hand check finds at fault, goes to the schemas, for their verdict and their words.
 * test/protocol/worker-message-reader.test.ts holds the two to the same verdict.
 */
export function readWorkerMessage(value: unknown): WorkerMessage | ProtocolError {
  return commonWorkerMessage(value) ?? validate(workerMessageSchema, value);
}

/** The `result` of a reply to a command of `type`, checked; a command the protocol does not have (only `alda-live conformance` sends one) has none to accept. */
export function readResult(type: string, result: unknown): unknown {
  const common = Object.hasOwn(COMMON_RESULTS, type) ? COMMON_RESULTS[type]! : undefined;
  if (common?.(result)) return result;
  const schema = Object.hasOwn(performerResultSchemas, type) ? (performerResultSchemas[type as keyof PerformerResults] as z.ZodType<unknown>) : undefined;
  return schema ? conform(schema, result) : new ProtocolError('ALDA_BAD_MESSAGE', 'Invalid message: a command it should have refused', undefined);
}

/** The message, if it is one of the common ones and valid to its last field; otherwise undefined: the schema decides. */
export function commonWorkerMessage(value: unknown): WorkerMessage | undefined {
  return commonMessage<WorkerMessage>(value, COMMON);
}

/** performer-messages.ts `workerMessageSchema`, for the common messages. */
const COMMON: Readonly<Record<string, (value: unknown) => boolean>> = {
  reply: exactly({ ...envelope, id, result: record }),
  heartbeat: exactly(envelope),
  idle: exactly({ ...envelope, session: nullable(sessionName), position: finite }),
};

const position = nullable(finite);
const placement = exactly({ firstDue: finite, lastDue: finite, shift: finite, position });

/** performer-messages.ts `performerResultSchemas`, for the replies a playing performer sends most. */
const COMMON_RESULTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  schedule: placement,
  replace: placement,
  position: exactly({ position, pending: integerFrom(0), sounding: integerFrom(0) }),
};
