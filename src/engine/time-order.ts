/**
 * Indexes `0 … keys.length - 1` grouped by their key (`keys[i]` < `groups`), in index order
 * within each group (a counting sort): group `g` is `indexes[starts[g]] … indexes[starts[g + 1] - 1]`.
 */
export function groupedIndexes(keys: Uint32Array, groups: number): { readonly indexes: Uint32Array; readonly starts: Uint32Array } {
  const starts = new Uint32Array(groups + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  const next = starts.slice(0, groups);
  const indexes = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) indexes[next[keys[i]!]!++] = i;
  return { indexes, starts };
}

/** How many piles `inTimeOrder` deals items onto. */
const PILES = 8;

/*
 * Each loop below is a function of its own, called with the same kinds of values every time:
 * one-shot code on big arrays then runs optimized from its first call, rather than being
 * optimized loop by loop and thrown back at each loop not yet run.
 */

/**
 * `items` (indexes into `offsets` and `ranks`) in time order: by offset, then by rank, then by
 * index. That is a total order, so how the items come changes only the cost. The items are
 * first dealt onto a few piles, each onto the first pile it follows in order (the note-off of
 * a chord's long note goes on one pile, those of the short notes after it on another), then
 * a natural merge sort on typed arrays, with no call per comparison, merges the runs it finds:
 * items that come nearly in order (a part's notes; its note-ons, then its note-offs) cost a
 * few passes. Sorts `items` or a copy of it, and returns the result.
 */
export function inTimeOrder(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const n = items.length;
  if (n < 2) return items;
  let from = dealt(items, offsets, ranks);
  let to = items;
  const bounds = runStarts(from, offsets, ranks);
  let runs = bounds.length - 1;
  while (runs > 1) {
    runs = mergePass(from, to, bounds, runs, offsets, ranks);
    [from, to] = [to, from];
  }
  return from;
}

/** Whether item `b` comes before item `a`. */
function before(b: number, a: number, offsets: Float64Array, ranks: Uint8Array): boolean {
  return offsets[b]! < offsets[a]! || (offsets[b] === offsets[a] && (ranks[b]! < ranks[a]! || (ranks[b] === ranks[a] && b < a)));
}

/** The items dealt onto piles, in a new array: pile after pile, each in the order dealt. */
function dealt(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const n = items.length;
  const pileOf = new Uint8Array(n);
  const last = new Int32Array(PILES).fill(-1);
  const starts = new Uint32Array(PILES + 1);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    let p = 0;
    while (p < PILES - 1 && last[p]! >= 0 && before(item, last[p]!, offsets, ranks)) p++;
    pileOf[i] = p;
    last[p] = item;
    starts[p + 1]!++;
  }
  for (let p = 0; p < PILES; p++) starts[p + 1]! += starts[p]!;
  const piles = new Uint32Array(n);
  for (let i = 0; i < n; i++) piles[starts[pileOf[i]!]!++] = items[i]!;
  return piles;
}

/** Where each run of items already in order starts, then `items.length` (counted first: memory touched for the first time is dear). */
function runStarts(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const n = items.length;
  let runs = 1;
  for (let i = 1; i < n; i++) if (before(items[i]!, items[i - 1]!, offsets, ranks)) runs++;
  const bounds = new Uint32Array(runs + 1);
  for (let i = 1, run = 0; i < n; i++) if (before(items[i]!, items[i - 1]!, offsets, ranks)) bounds[++run] = i;
  bounds[runs] = n;
  return bounds;
}

/** Merges runs two by two from `from` into `to`; `bounds` then holds the merged runs' starts. Returns how many there are. */
function mergePass(from: Uint32Array, to: Uint32Array, bounds: Uint32Array, runs: number, offsets: Float64Array, ranks: Uint8Array): number {
  let merged = 0;
  for (let r = 0; r < runs; r += 2) {
    const lo = bounds[r]!;
    const mid = bounds[r + 1]!;
    const hi = r + 2 <= runs ? bounds[r + 2]! : mid;
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) to[k++] = before(from[j]!, from[i]!, offsets, ranks) ? from[j++]! : from[i++]!;
    while (i < mid) to[k++] = from[i++]!;
    while (j < hi) to[k++] = from[j++]!;
    bounds[merged++] = lo;
  }
  bounds[merged] = bounds[runs]!;
  return merged;
}
