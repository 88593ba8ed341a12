import type { z } from 'zod';
import { arrayOf, commonMessage, envelope, exact, exactly, finite, id, integerFrom, nullable, oneOf, optional, protocolVersions, record, sessionName, text, type Check } from './field-checks.js';
import { PERFORMER_ENGINES } from './performer-engine.js';
import type { PerformerResults, WorkerMessage } from './performer-messages.js';
import { ProtocolError } from './protocol-error.js';
import { conform, validate } from './schema-check.js';
import { schemas } from './schemas-on-demand.js';

/**
 * Reads what a performer says to the server as `workerMessageSchema` and `performerResultSchemas`
 * do. The messages a playing performer sends many a second (its replies to `schedule` and
 * `position`, heartbeats, `idle`) are checked by hand when they carry only the fields they may:
 * under load zod cost the server more than the replies' work. Anything else, and anything the
 * hand check finds at fault, goes to the schemas, for their verdict and their words.
 * test/protocol/worker-message-reader.test.ts holds the two to the same verdict.
 */
export function readWorkerMessage(value: unknown): WorkerMessage | ProtocolError {
  return commonWorkerMessage(value) ?? validate(schemas().workerMessageSchema, value);
}

/** The `result` of a reply to a command of `type`, checked; a command the protocol does not have (only `alda-live conformance` sends one) has none to accept. */
export function readResult(type: string, result: unknown): unknown {
  const common = Object.hasOwn(COMMON_RESULTS, type) ? COMMON_RESULTS[type]! : undefined;
  if (common?.(result)) return result;
  const { performerResultSchemas } = schemas();
  const schema = Object.hasOwn(performerResultSchemas, type) ? (performerResultSchemas[type as keyof PerformerResults] as z.ZodType<unknown>) : undefined;
  return schema ? conform(schema, result) : new ProtocolError('ALDA_BAD_MESSAGE', 'Invalid message: a command it should have refused', undefined);
}

/** The message, if it is one of the common ones and valid to its last field; otherwise undefined: the schema decides. */
export function commonWorkerMessage(value: unknown): WorkerMessage | undefined {
  return commonMessage<WorkerMessage>(value, COMMON);
}

/** performer-messages.ts `capabilityName`. */
const capabilities = arrayOf(text(1, 32, /^[a-z][a-z0-9.-]{0,31}$/), 0, 32);
const performer: Check = (value, path) => (value === 'performer' ? undefined : `at ${path}: expected "performer"`);

/** performer-messages.ts `workerMessageSchema`, for the common messages: a performer's `ready`, its `clock`s and `notice`s (a cold `play` waits for them) and what a playing one sends. */
const COMMON: Readonly<Record<string, (value: unknown) => boolean>> = {
  ready: exactly({
    ...envelope,
    service: performer,
    worker: id,
    pid: integerFrom(Number.MIN_SAFE_INTEGER),
    session: nullable(sessionName),
    for: optional(sessionName),
    protocol: optional(protocolVersions),
    offers: optional(exact({ sinks: capabilities, clocks: capabilities })),
    engine: optional(oneOf(...PERFORMER_ENGINES)),
  }),
  reply: exactly({ ...envelope, id, result: record }),
  heartbeat: exactly(envelope),
  idle: exactly({ ...envelope, session: nullable(sessionName), position: finite }),
  clock: exactly({ ...envelope, sent: finite }),
  notice: exactly({ ...envelope, message: text(0, 4096) }),
};

const position = nullable(finite);
const placement = exactly({ firstDue: finite, lastDue: finite, shift: finite, position });

/** performer-messages.ts `performerResultSchemas`, for the replies a playing performer sends most, and `open`'s without Link. */
const COMMON_RESULTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  open: exactly({ session: sessionName, sinks: arrayOf(text(0, 4096), 0, Number.MAX_SAFE_INTEGER), notices: optional(arrayOf(text(0, 4096), 0, Number.MAX_SAFE_INTEGER)) }),
  schedule: placement,
  replace: placement,
  position: exactly({ position, pending: integerFrom(0), sounding: integerFrom(0) }),
};
