import * as assert from 'uvu/assert';
import { PROTOCOL_VERSION, ProtocolError } from '../../src/protocol/messages.js';

/**
 * What holds a hand-written message reader to the zod schema it stands in for: valid messages,
 * each with every field (and array item) replaced in turn by values of the wrong type or either
 * side of each bound the schemas have, or taken away; both must give the same verdict and the
 * same message.
 */

/** Values to put in place of each field: wrong types, and either side of every bound the schemas have. */
export const PALETTE: readonly unknown[] = [
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
  2 ** 53 - 1,
  2 ** 53,
  [],
  [0x90, 60],
  [0x90, 60, 100, 1],
  [0xc0, 0, 0],
  [0xb0, 7, 128],
  [0x90, 60.5, 1],
  {},
  { quantum: 4 },
  { line: 1, column: 1 },
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

/** `value` cut to the keys of `like`: zod drops keys its schema does not name, a reader may leave them (nothing reads them). */
function shaped(value: unknown, like: unknown): unknown {
  if (typeof like !== 'object' || like === null || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(like)) return (value as unknown[]).map((item, i) => shaped(item, like[i]));
  return Object.fromEntries(Object.keys(like).map((key) => [key, shaped((value as Record<string, unknown>)[key], (like as Record<string, unknown>)[key])]));
}

/** The raw messages to read: each valid one (without its `v`), and each with one field replaced by each palette value, or gone, or one more field. */
export function samples(valid: readonly Record<string, unknown>[]): string[] {
  const raw: string[] = [];
  for (const fields of valid) {
    const message = { v: PROTOCOL_VERSION, ...fields };
    raw.push(JSON.stringify(message));
    for (const path of paths(message)) for (const by of [...PALETTE, undefined]) raw.push(JSON.stringify(replaced(message, path, by)));
    raw.push(JSON.stringify({ ...message, extra: [1, 2] }));
  }
  raw.push('', 'nope', '[]', 'null', '{"v":1}', '{"v":2,"type":"stop","id":"x"}', '{"v":1,"type":"toString","id":"x"}', '{"v":1,"type":["stop"],"id":"x"}');
  return raw;
}

/**
 * Both readers on every sample: the same verdict, the same error code and id on a refusal, the
 * same message on acceptance (what the reader leaves of keys zod drops aside). Returns how many
 * were refused, for the caller to check that the samples found both sides of the line.
 */
export function assertAgreement(raws: readonly string[], ours: (raw: string) => unknown, zods: (raw: string) => unknown): number {
  let rejected = 0;
  const disagreements: string[] = [];
  for (const raw of raws) {
    const mine = ours(raw);
    const theirs = zods(raw);
    if (mine instanceof ProtocolError || theirs instanceof ProtocolError) {
      rejected++;
      if (!(mine instanceof ProtocolError && theirs instanceof ProtocolError && mine.code === theirs.code && mine.messageId === theirs.messageId)) {
        disagreements.push(`${raw.slice(0, 160)}: reader ${mine instanceof ProtocolError ? mine.code : 'accepts'}, zod ${theirs instanceof ProtocolError ? theirs.code : 'accepts'}`);
      }
    } else {
      assert.equal(shaped(mine, theirs), theirs, raw);
    }
  }
  assert.equal(disagreements, []);
  return rejected;
}
