import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, serverToClientSchema } from '../../src/protocol/messages.js';
import { readServerMessage } from '../../src/protocol/server-message-reader.js';
import { assertAgreement, samples } from '../support/schema-agreement.js';

/** One valid message of each type the server sends a client, with every optional field set (and without). */
const VALID: readonly Record<string, unknown>[] = [
  { type: 'reply', id: 'c1:1', result: { session: 's', events: 1, notices: [], position: null } },
  { type: 'reply', id: 'c1:2', result: {} },
  { type: 'error', id: 'c1:3', code: 'ALDA_PARSE_ERROR', message: 'bad', span: { file: 'a.alda', line: 1, column: 2, end: { line: 1, column: 5 } } },
  { type: 'error', code: 'ALDA_BAD_JSON', message: 'The message is not valid JSON' },
  { type: 'update', session: 'jam-1', events: 3, code: 'piano: c' },
  { type: 'update', session: 'jam_2.x', events: 0 },
  { type: 'event', session: 'jam', kind: 'performer-died', message: 'The performer of session "jam" died at 0:12' },
];

test('the reader and serverToClientSchema agree on every message: the same verdict, the same error code, the same message', () => {
  const all = samples(VALID);
  const rejected = assertAgreement(all, readServerMessage, (raw) => decode(serverToClientSchema, raw));
  assert.ok(rejected > 500 && all.length - rejected > 100, `${rejected} rejected of ${all.length}`);
});

test.run();
