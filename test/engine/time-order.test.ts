import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { groupedIndexes, inTimeOrder } from '../../src/engine/time-order.js';

test('grouped indexes: by key, in index order within a group', () => {
  const { indexes, starts } = groupedIndexes(Uint32Array.of(2, 0, 2, 1, 0), 4);
  assert.equal([...indexes], [1, 4, 3, 0, 2]);
  assert.equal([...starts], [0, 2, 3, 5, 5]);
});

test('in time order: by offset, then rank, then index, however the items come', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const n of [0, 1, 2, 3, 17, 1000]) {
    const offsets = Float64Array.from({ length: n }, (_, i) => (random() < 0.3 ? i : Math.floor(random() * 20) * 250));
    const ranks = Uint8Array.from({ length: n }, () => Math.floor(random() * 4));
    const all = Array.from({ length: n }, (_, i) => i);
    const expected = [...all].sort((a, b) => offsets[a]! - offsets[b]! || ranks[a]! - ranks[b]! || a - b);
    const grouped = groupedIndexes(Uint32Array.from(all, () => Math.floor(random() * 3)), 3).indexes;
    // Already in order, and three runs in order (merged without dealing).
    const sorted = Uint32Array.from(expected);
    const threeRuns = Uint32Array.from([...expected].sort((a, b) => (a % 3) - (b % 3)));
    for (const items of [Uint32Array.from(all), Uint32Array.from(all).reverse(), grouped, sorted, threeRuns]) {
      assert.equal([...inTimeOrder(items, offsets, ranks)], expected, `${n} items`);
    }
  }
});

test.run();
