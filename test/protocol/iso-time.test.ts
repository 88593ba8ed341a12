import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoTime } from '../../src/protocol/iso-time.js';

test('a time is written as Date writes it: the epoch, leap days, the ends of years and centuries, and times across four centuries', () => {
  const edges = [0, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 4_107_456_000_000, 1_709_164_800_123, 1_735_689_599_999, 253_402_300_799_999];
  let seed = 17;
  const random = Array.from({ length: 2000 }, () => (seed = (seed * 48_271) % 2_147_483_647) * 6_000);
  for (const ms of [...edges, ...random]) assert.is(isoTime(ms), new Date(ms).toISOString(), String(ms));
});

test.run();
