/**
 * Checks of a parsed message's fields, written by hand as the zod schemas of messages.ts and
 * performer-messages.ts check them: the readers of the messages that come most (a performer's
 * commands, the server's answers, a client's evals) use these instead of zod, which cost more
 * than the work the messages ask for. Each reader is held by a test to its schema's verdict.
 */
import { PROTOCOL_VERSION } from './envelope.js';
import { PERFORMER_ENGINES } from './performer-engine.js';
import { checkEnvelope, parseJson, ProtocolError } from './protocol-error.js';

export type Fields = Record<string, unknown>;
/** What is wrong with a value, as `at PATH: REASON`; undefined when nothing is. */
export type Fault = string | undefined;
export type Check = (value: unknown, path: string) => Fault;

export const at = (path: string, reason: string) => `at ${path}: ${reason}`;

export const finite: Check = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? undefined : at(path, 'expected a finite number'));

/** A number from `low` to `high`; with `integer`, a safe integer (zod's `int()`). */
export function between(low: number, high: number, integer = false): Check {
  return (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high && (!integer || Number.isSafeInteger(value))
      ? undefined
      : at(path, `expected ${integer ? 'an integer' : 'a number'} from ${low} to ${high}`);
}

/** A safe integer from `low` up: a count, a line or column, a version. */
export const integerFrom = (low: number): Check => between(low, Number.MAX_SAFE_INTEGER, true);

export function text(min: number, max: number, pattern?: RegExp): Check {
  return (value, path) =>
    typeof value === 'string' && value.length >= min && value.length <= max && (pattern === undefined || pattern.test(value))
      ? undefined
      : at(path, `expected a string of ${min}–${max} characters${pattern ? ` matching ${pattern}` : ''}`);
}

export const anyText: Check = (value, path) => (typeof value === 'string' ? undefined : at(path, 'expected a string'));
export const boolean: Check = (value, path) => (typeof value === 'boolean' ? undefined : at(path, 'expected a boolean'));

export const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);

export const oneOf =
  (...choices: readonly string[]): Check =>
  (value, path) =>
    choices.includes(value as string) ? undefined : at(path, `expected one of ${choices.join(', ')}`);

export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Any object (zod's `record` of strings to anything). */
export const record: Check = (value, path) => (isObject(value) ? undefined : at(path, 'expected an object'));

/** An object whose fields pass their checks (keys it does not name are let through). */
export function object(fields: Readonly<Record<string, Check>>): Check {
  const entries = Object.entries(fields);
  return (value, path) => {
    if (!isObject(value)) return at(path, 'expected an object');
    for (const [key, check] of entries) {
      const fault = check(value[key], path === '' ? key : `${path}.${key}`);
      if (fault !== undefined) return fault;
    }
    return undefined;
  };
}

/** An object whose fields pass their checks and which has no other: what a schema would give back as it came, with no key to drop. */
export function exactly(fields: Readonly<Record<string, Check>>): (value: unknown) => boolean {
  const check = exact(fields);
  return (value) => check(value, '') === undefined;
}

/** `exactly`, as a check of a field: a nested object a schema would give back as it came. */
export function exact(fields: Readonly<Record<string, Check>>): Check {
  const check = object(fields);
  return (value, path) => check(value, path) ?? (Object.keys(value as Fields).every((key) => Object.hasOwn(fields, key)) ? undefined : at(path, 'unexpected field'));
}

/** An array of `min`–`max` items, each passing `check`. */
export function arrayOf(check: Check, min: number, max: number): Check {
  return (value, path) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) return at(path, `expected an array of ${min}–${max} items`);
    for (let i = 0; i < value.length; i++) {
      const fault = check(value[i], `${path}.${i}`);
      if (fault !== undefined) return fault;
    }
    return undefined;
  };
}

/**
 * A parsed message, if it is of our version, of a `type` that `common` names, and passes its
 * exact check; otherwise undefined, and the reader's schema decides (for its verdict and its words).
 */
export function commonMessage<T>(value: unknown, common: Readonly<Record<string, (value: unknown) => boolean>>): T | undefined {
  if (!isObject(value) || value.v !== PROTOCOL_VERSION || typeof value.type !== 'string' || !Object.hasOwn(common, value.type)) return undefined;
  return common[value.type]!(value) ? (value as T) : undefined;
}

/** A message's `v` and `type`, read before its fields are: let through. */
export const envelope: Readonly<Record<string, Check>> = { v: () => undefined, type: () => undefined };

export const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? undefined : check(value, path);

/** messages.ts `requestIdSchema`. */
export const id = text(1, 200);
/** messages.ts `sessionNameSchema`. */
export const sessionName = text(1, 64, /^[A-Za-z0-9._-]{1,64}$/);
/** messages.ts `protocolVersionsSchema`. */
export const protocolVersions = arrayOf(integerFrom(1), 1, 16);

/** The fields of messages.ts `sinkOptionsSchema`'s `link`. */
export const LINK_OPTIONS: Readonly<Record<string, Check>> = { quantum: between(1, 64, true) };
/** The fields of messages.ts `sinkOptionsSchema` (its `link` let through with other fields; `exact(LINK_OPTIONS)` for none, as client-request-reader.ts reads it). */
export const SINK_OPTIONS: Readonly<Record<string, Check>> = {
  port: optional(text(1, 200)),
  record: optional(text(1, 4096)),
  link: optional(object(LINK_OPTIONS)),
  clockOut: optional(text(1, 200)),
  engine: optional(oneOf(...PERFORMER_ENGINES)),
  headed: optional(boolean),
  browser: optional(text(1, 4096)),
};

/** Parses a raw frame and checks it by its `type`: the message, or the ProtocolError that says what is wrong and where. */
export function readMessage<T>(raw: string, checks: Readonly<Record<string, Check>>, kind: string): T | ProtocolError {
  const value = parseJson(raw);
  return value instanceof ProtocolError ? value : checkMessage<T>(value, checks, kind);
}

/** Checks a parsed message (its envelope, then its fields by its `type`); `kind` says what its type should have named. */
function checkMessage<T>(value: unknown, checks: Readonly<Record<string, Check>>, kind: string): T | ProtocolError {
  const envelope = checkEnvelope(value);
  if (envelope instanceof ProtocolError) return envelope;
  const message = value as Fields;
  const check = typeof message.type === 'string' && Object.hasOwn(checks, message.type) ? checks[message.type] : undefined;
  const fault = check === undefined ? at('type', `not ${kind}`) : check(message, '');
  return fault === undefined ? (message as T) : new ProtocolError('ALDA_BAD_MESSAGE', `Invalid message ${fault}`, envelope.messageId);
}
