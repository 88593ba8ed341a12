import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, PROTOCOL_VERSION, ProtocolError } from '../../src/protocol/messages.js';
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

/** Values to put in place of each field: wrong types, and either side of every bound the schemas have. */
const PALETTE: readonly unknown[] = [
  null,
  true,
  'x',
  '',
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(4097),
  'has space',
  'node',
  'browser',
  -1,
  0,
  0.5,
  1,
  64,
  65,
  127,
  128,
  0x7f,
  0x80,
  0xbf,
  0xc0,
  0xdf,
  0xe0,
  0xef,
  0xf0,
  1000,
  1001,
  10_000,
  10_001,
  2 ** 53,
  [],
  [0x90, 60],
  [0x90, 60, 100, 1],
  [0xc0, 0, 0],
  [0xb0, 7, 128],
  [0x90, 60.5, 1],
  {},
  { quantum: 4 },
  { t: 0, d: [0x90, 1, 1] },
  [{ t: 0, d: [0x90, 1, 1], p: 'a'.repeat(65) }],
  [{ t: 'x', d: [0x90, 1, 1] }],
  [{ d: [0x90, 1, 1] }],
  [[0, [0x90, 1, 1]]],
];

/** Every path to a field or array item of a value, in place of which a palette value goes. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string | number, unknown>)[key], [...prefix, key])]);
}

function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const [key, ...rest] = path;
  if (by === undefined && rest.length === 0) delete copy[key!];
  else copy[key!] = replaced(copy[key!], rest, by);
  return copy;
}

/** `value` cut to the keys of `like`: zod drops keys its schema does not name, the reader leaves them (nothing reads them). */
function shaped(value: unknown, like: unknown): unknown {
  if (typeof like !== 'object' || like === null || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(like)) return (value as unknown[]).map((item, i) => shaped(item, like[i]));
  return Object.fromEntries(Object.keys(like).map((key) => [key, shaped((value as Record<string, unknown>)[key], (like as Record<string, unknown>)[key])]));
}

/** The raw messages to read: the valid ones, and each with one field replaced by each palette value, or gone. */
function samples(): string[] {
  const raw: string[] = [];
  for (const command of VALID) {
    const message = { v: PROTOCOL_VERSION, ...command };
    raw.push(JSON.stringify(message));
    for (const path of paths(message)) for (const by of [...PALETTE, undefined]) raw.push(JSON.stringify(replaced(message, path, by)));
    // Fields no command has, at the top and inside: both readers let them through.
    raw.push(JSON.stringify({ ...message, extra: [1, 2] }));
  }
  raw.push('', 'nope', '[]', 'null', '{"v":1}', '{"v":2,"type":"stop","id":"x"}', '{"v":1,"type":"stop","id":"x","start":1e400}', '{"v":1,"type":"clock","sent":1e400,"server":0}');
  raw.push('{"v":1,"type":"toString","id":"x"}', '{"v":1,"type":["stop"],"id":"x"}', '{"v":1,"type":"schedule","id":"x","start":0,"messages":[{"t":1e400,"d":[144,1,1]}]}');
  return raw;
}

test('the reader and performerCommandSchema agree on every message: the same verdict, the same error code, the same command', () => {
  const all = samples();
  let rejected = 0;
  const disagreements: string[] = [];
  for (const raw of all) {
    const ours = readPerformerCommand(raw);
    const zods = decode(performerCommandSchema, raw);
    if (ours instanceof ProtocolError || zods instanceof ProtocolError) {
      rejected++;
      if (!(ours instanceof ProtocolError && zods instanceof ProtocolError && ours.code === zods.code && ours.messageId === zods.messageId)) {
        disagreements.push(`${raw.slice(0, 160)}: reader ${ours instanceof ProtocolError ? ours.code : 'accepts'}, zod ${zods instanceof ProtocolError ? zods.code : 'accepts'}`);
      }
    } else {
      assert.equal(shaped(ours, zods), zods, raw);
    }
  }
  assert.equal(disagreements, []);
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
