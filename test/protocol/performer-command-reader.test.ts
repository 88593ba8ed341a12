import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, PROTOCOL_VERSION, ProtocolError } from '../../src/protocol/messages.js';
import { assertAgreement, samples } from '../support/schema-agreement.js';
import { performerCommandSchema } from '../../src/protocol/performer-messages.js';
import { readPerformerCommand } from '../../src/protocol/performer-command-reader.js';

/** One valid command of each type, with every optional field set (and a few without). */
const VALID: readonly Record<string, unknown>[] = [
  { type: 'welcome', protocol: 1, heartbeat: 1000 },
  { type: 'open', id: 'o1', session: 'a.B_c-9', sink: {} },
  {
    type: 'open',
    id: 'o2',
    session: 's',
    sink: { port: 'Synth', record: '/tmp/r.jsonl', link: { quantum: 4 }, clockOut: 'Clock', engine: 'browser', headed: true, browser: '/usr/bin/chromium' },
    lookahead: 10,
  },
  {
    type: 'schedule',
    id: 's1',
    start: 0,
    messages: [
      { t: 0, d: [0xc0, 0], p: 'piano' },
      { t: 0, d: [0xb0, 7, 100] },
      { t: 0.5, d: [0x90, 60, 127], p: 'piano' },
      { t: -2, d: [0xe0, 0, 64] },
      { t: 1e6, d: [0xd0, 5] },
    ],
    continues: true,
    tempo: 120,
  },
  { type: 'schedule', id: 's2', start: 12.5, messages: [] },
  { type: 'replace', id: 'r1', part: 'piano', from: 500, messages: [{ t: 500, d: [0x80, 60, 0], p: 'piano' }], tempo: 1 },
  { type: 'stop', id: 'x' },
  { type: 'panic', id: 'y' },
  { type: 'position', id: 'z' },
  { type: 'heartbeat' },
  { type: 'shutdown' },
  { type: 'clock', sent: 1.7e12, server: 1.7e12 + 3 },
];

test('the reader and performerCommandSchema agree on every message: the same verdict, the same error code, the same command', () => {
  const all = samples(VALID);
  all.push('{"v":1,"type":"stop","id":"x","start":1e400}', '{"v":1,"type":"clock","sent":1e400,"server":0}', '{"v":1,"type":"schedule","id":"x","start":0,"messages":[{"t":1e400,"d":[144,1,1]}]}');
  const rejected = assertAgreement(all, readPerformerCommand, (raw) => decode(performerCommandSchema, raw));
  // The palette found both sides of the line, many times over.
  assert.ok(rejected > 1000 && all.length - rejected > 100, `${rejected} rejected of ${all.length}`);
});

test('a refusal says which field is at fault', () => {
  const refused = readPerformerCommand(JSON.stringify({ v: PROTOCOL_VERSION, type: 'schedule', id: 'q', start: 0, messages: [{ t: 0, d: [0x90, 60, 100] }, { t: 1, d: [0x90, 60] }] }));
  assert.instance(refused, ProtocolError);
  assert.match((refused as ProtocolError).message, /at messages\.1\.d:/);
  assert.is((refused as ProtocolError).messageId, 'q');
});

test.run();
