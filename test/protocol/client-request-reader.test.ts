import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientRequestSchema, decode, parseJson, ProtocolError, PROTOCOL_VERSION } from '../../src/protocol/messages.js';
import { commonRequest, readClientRequest } from '../../src/protocol/client-request-reader.js';
import { assertAgreement, samples } from '../support/schema-agreement.js';

/** The common requests, with every optional field set (and without). */
const COMMON: readonly Record<string, unknown>[] = [
  { type: 'eval', id: 'c1:1', session: 'load-0', code: 'c64' },
  { type: 'eval', id: 'c1:2', session: 'a.B_c-9', code: '', name: 'x.alda', reset: true, play: false, from: '0:01', to: 'end', oneShot: true },
  { type: 'ping', id: 'c1:3' },
  { type: 'wait', id: 'c1:4', session: 's' },
  { type: 'position', id: 'c1:5', session: 's' },
  { type: 'notes', id: 'c1:6', session: 's', from: -1.5, to: 1e6 },
  { type: 'notes', id: 'c1:7', session: 's' },
  { type: 'eval', id: 'c1:12', session: 'cold', code: 'piano: c', sink: { record: '/tmp/r.jsonl', port: 'p', clockOut: 'c', engine: 'node', headed: false, browser: '/b', link: { quantum: 4 } }, oneShot: true },
  { type: 'hello', id: 'c1:13', protocol: [1, 2], capabilities: ['replay'], client: 'alda-live 1' },
  { type: 'hello', id: 'c1:14', protocol: [1] },
];

/** Requests left to the schema: other fields, other types. */
const OTHERS: readonly Record<string, unknown>[] = [
  { type: 'eval', id: 'c1:8', session: 's', code: 'c', sink: { record: '/tmp/r.jsonl' }, transform: [{ service: 'swing', args: [0.6] }] },
  { type: 'eval', id: 'c1:9', session: 's', forms: [{ kind: 'symbol', name: 'piano' }] },
  { type: 'stop', id: 'c1:10' },
  { type: 'join', id: 'c1:11', session: 's' },
];

const read = (raw: string) => {
  const value = parseJson(raw);
  return value instanceof ProtocolError ? value : readClientRequest(value);
};

test('the reader and clientRequestSchema agree on every request: the same verdict, the same error code, the same request', () => {
  const all = samples([...COMMON, ...OTHERS]);
  const rejected = assertAgreement(all, read, (raw) => decode(clientRequestSchema, raw));
  assert.ok(rejected > 1000 && all.length - rejected > 100, `${rejected} rejected of ${all.length}`);
});

test('the common requests are read by hand, and come out as they came', () => {
  for (const request of COMMON) {
    const message = { v: PROTOCOL_VERSION, ...request };
    assert.equal(commonRequest(message), message, JSON.stringify(request));
  }
  for (const request of OTHERS) assert.is(commonRequest({ v: PROTOCOL_VERSION, ...request }), undefined, JSON.stringify(request));
});

test.run();
