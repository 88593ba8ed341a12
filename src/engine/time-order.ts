/** `0, 1, … count - 1`: every index, in the order things were made. */
export function allIndexes(count: number): Uint32Array {
  const items = new Uint32Array(count);
  for (let i = 0; i < count; i++) items[i] = i;
  return items;
}

/**
 * `items` (indexes into `offsets` and `ranks`) in time order: by offset, then by rank, ties
 * kept in the order given. A natural merge sort on typed arrays, with no call per comparison:
 * the runs already in order are found and merged, so messages made note by note (nearly in
 * order) cost little more than one pass. Sorts `items` or a copy of it, and returns the result.
 */
export function inTimeOrder(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const n = items.length;
  if (n < 2) return items;
  // Where each run of items already in order starts, then `n`.
  const bounds = new Uint32Array(n + 1);
  let runs = 0;
  for (let i = 1; i < n; i++) {
    const a = items[i - 1]!;
    const b = items[i]!;
    if (offsets[b]! < offsets[a]! || (offsets[b] === offsets[a] && ranks[b]! < ranks[a]!)) bounds[++runs] = i;
  }
  bounds[++runs] = n;
  let from = items;
  let to: Uint32Array = new Uint32Array(n);
  while (runs > 1) {
    let merged = 0;
    for (let r = 0; r < runs; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = r + 2 <= runs ? bounds[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = from[i]!;
        const b = from[j]!;
        if (offsets[b]! < offsets[a]! || (offsets[b] === offsets[a] && ranks[b]! < ranks[a]!)) to[k++] = from[j++]!;
        else to[k++] = from[i++]!;
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
      bounds[merged++] = lo;
    }
    bounds[merged] = n;
    runs = merged;
    [from, to] = [to, from];
  }
  return from;
}
