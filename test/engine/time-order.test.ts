import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allIndexes, inTimeOrder } from '../../src/engine/time-order.js';

test('in time order: by offset, then rank, ties in the order given, whatever runs the input has', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const n of [0, 1, 2, 3, 17, 1000]) {
    const offsets = Float64Array.from({ length: n }, (_, i) => (random() < 0.3 ? i : Math.floor(random() * 20) * 250));
    const ranks = Uint8Array.from({ length: n }, () => Math.floor(random() * 4));
    const expected = [...allIndexes(n)].sort((a, b) => offsets[a]! - offsets[b]! || ranks[a]! - ranks[b]! || a - b);
    assert.equal([...inTimeOrder(allIndexes(n), offsets, ranks)], expected, `${n} items`);
  }
});

test.run();
