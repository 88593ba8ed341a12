import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { z } from 'zod';
import { conform, decode, parseJson, ProtocolError, PROTOCOL_VERSION } from '../../src/protocol/messages.js';
import { performerResultSchemas, workerMessageSchema } from '../../src/protocol/performer-messages.js';
import { commonWorkerMessage, readResult, readWorkerMessage } from '../../src/protocol/worker-message-reader.js';
import { assertAgreement, samples } from '../support/schema-agreement.js';

/** The common messages of a playing performer, and others left to the schema. */
const COMMON: readonly Record<string, unknown>[] = [
  { type: 'reply', id: 's1-2', result: { firstDue: 10, lastDue: 20.5, shift: -3, position: null } },
  { type: 'heartbeat' },
  { type: 'idle', session: 'load-1', position: 1234.5 },
  { type: 'idle', session: null, position: 0 },
  { type: 'ready', service: 'performer', worker: 'p1', pid: 12, session: null, protocol: [1], offers: { sinks: ['record'], clocks: ['internal'] }, engine: 'node' },
  { type: 'ready', service: 'performer', worker: 'p2', pid: 13, session: 'cold', for: 'cold' },
  { type: 'notice', message: 'No audio device' },
  { type: 'clock', sent: 1.7e12 },
];
const OTHERS: readonly Record<string, unknown>[] = [{ type: 'error', id: 's1-3', code: 'ALDA_NO_SUCH_PORT', message: 'no' }];

/** Results of each command's reply (as a message with a `type` naming the command, for the samples' sake). */
const RESULTS: readonly Record<string, unknown>[] = [
  { type: 'open', session: 'cold', sinks: ['record:/tmp/r.jsonl', 'synth'], notices: ['No audio device'] },
  { type: 'open', session: 'cold', sinks: [], link: { peers: 0, tempo: 120, beat: 0, phase: 0, quantum: 4 } },
  { type: 'schedule', firstDue: 10, lastDue: 20.5, shift: -3, position: 7 },
  { type: 'replace', firstDue: 0, lastDue: 0, shift: 0, position: null },
  { type: 'position', position: 12.5, pending: 4, sounding: 1 },
  { type: 'position', position: null, pending: 0, sounding: 0, link: { peers: 1, tempo: 120, beat: 2, phase: 1, quantum: 4 } },
  { type: 'stop', position: 3 },
];

test('the reader and workerMessageSchema agree on every message: the same verdict, the same error code, the same message', () => {
  const all = samples([...COMMON, ...OTHERS]);
  const read = (raw: string) => {
    const value = parseJson(raw);
    return value instanceof ProtocolError ? value : readWorkerMessage(value);
  };
  const rejected = assertAgreement(all, read, (raw) => decode(workerMessageSchema, raw));
  assert.ok(rejected > 500 && all.length - rejected > 100, `${rejected} rejected of ${all.length}`);
  for (const message of COMMON) assert.ok(commonWorkerMessage({ v: PROTOCOL_VERSION, ...message }), `read by hand: ${JSON.stringify(message)}`);
});

test("the reader and performerResultSchemas agree on every reply's result", () => {
  const all = samples(RESULTS);
  const split = (raw: string) => {
    const value = parseJson(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { v: _, type, ...result } = value as Record<string, unknown>;
    return typeof type === 'string' && Object.hasOwn(performerResultSchemas, type) ? { type, result } : undefined;
  };
  const rejected = assertAgreement(
    all.filter((raw) => split(raw) !== undefined),
    (raw) => readResult(split(raw)!.type, split(raw)!.result),
    (raw) => conform(performerResultSchemas[split(raw)!.type as keyof typeof performerResultSchemas] as z.ZodType<unknown>, split(raw)!.result),
  );
  assert.ok(rejected > 200, `${rejected} rejected`);
  assert.instance(readResult('unheard-of', {}), ProtocolError);
});

test.run();
