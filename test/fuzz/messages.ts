import fc from 'fast-check';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { mutatedText } from './mutations.js';

/** Valid client requests of every kind a fuzz case may send (ids are made unique when sent). */
export const VALID_MESSAGES: readonly Record<string, unknown>[] = [
  { v: 1, type: 'ping', id: 'x' },
  { v: 1, type: 'ps', id: 'x' },
  { v: 1, type: 'eval', id: 'x', session: 'fuzz', code: 'piano: c d e', play: false },
  { v: 1, type: 'eval', id: 'x', session: 'fuzz', code: 'violin: o3 c8 d e*2 [f g]*2', name: 'x.alda', play: false, reset: true },
  { v: 1, type: 'eval', id: 'x', session: 'fuzz-2', forms: JSON.parse(JSON.stringify(parseAlda('piano: (tempo 90) c/e/g'))), play: false },
  { v: 1, type: 'eval', id: 'x', session: 'fuzz', code: 'piano: %m c d @m e', from: 'm', to: '0:01', play: false },
  { v: 1, type: 'wait', id: 'x', session: 'fuzz' },
  { v: 1, type: 'position', id: 'x', session: 'fuzz' },
  { v: 1, type: 'stop', id: 'x', session: 'fuzz' },
  { v: 1, type: 'stop', id: 'x' },
  { v: 1, type: 'join', id: 'x', session: 'fuzz' },
  { v: 1, type: 'live-status', id: 'x', session: 'fuzz' },
  { v: 1, type: 'unloop', id: 'x', session: 'fuzz', part: 'piano' },
];

const FIELDS = ['v', 'type', 'id', 'session', 'code', 'forms', 'name', 'reset', 'play', 'from', 'to', 'sink', 'oneShot', 'part', 'quant', 'whole', 'result', 'position', 'message', 'service', 'worker', 'pid'];

type Mutation = { readonly field: string; readonly value: unknown } | { readonly field: string; readonly remove: true };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('ping', 'eval', 'wait', 'stop', 'join', '', 'x'.repeat(300), -1, 1e308, null)) }),
  fc.record({ field: fc.constantFrom(...FIELDS), remove: fc.constant(true as const) }),
);

/** Valid messages with fields changed or removed, or their JSON text edited, or any JSON at all: the raw text to send. */
export const mutatedFrom = (valid: readonly Record<string, unknown>[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([message, mutations]) => {
      const copy: Record<string, unknown> = structuredClone(message);
      for (const m of mutations) {
        if ('remove' in m) delete copy[m.field];
        else copy[m.field] = m.value;
      }
      return JSON.stringify(copy);
    }),
    mutatedText(valid.map((m) => JSON.stringify(m))),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  );

/** A mutated client request. */
export const mutatedMessage: fc.Arbitrary<string> = mutatedFrom(VALID_MESSAGES);

/** What a performer may send the server once it has said `ready`. */
export const VALID_WORKER_MESSAGES: readonly Record<string, unknown>[] = [
  { v: 1, type: 'heartbeat' },
  { v: 1, type: 'reply', id: 'x', result: { position: 0 } },
  { v: 1, type: 'error', id: 'x', code: 'X', message: 'x' },
  { v: 1, type: 'idle', session: 'fuzz', position: 0 },
  { v: 1, type: 'idle', session: null, position: 0 },
  { v: 1, type: 'notice', message: 'x' },
  { v: 1, type: 'ready', service: 'performer', worker: 'fuzz-performer', pid: 1, session: 'fuzz' },
];

/**
 * Keeps a case to what one test connection can be answered for without performers: no
 * `shutdown`, no `live` or service `request` or job (they need performers or workers), no
 * `ready` (it would make the connection a worker's), an eval never plays; ids are made unique so that no case is answered from the
 * reply store of another.
 */
export function tame(raw: string, n: number): string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return raw;
  const message = value as Record<string, unknown>;
  const type = message.type;
  if (typeof type === 'string' && (['shutdown', 'live', 'ready', 'request'].includes(type) || type.startsWith('job'))) message.type = 'ping';
  if (message.type === 'eval' || message.type === 'live') message.play = false;
  if (typeof message.id === 'string' && message.id.length > 0) message.id = `${n}:${message.id}`;
  return JSON.stringify(message);
}
