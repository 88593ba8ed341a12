/**
 * Indexes `0 … keys.length - 1` grouped by their key (`keys[i]` < `groups`), in index order
 * within each group (a counting sort): group `g` is `indexes[starts[g]] … indexes[starts[g + 1] - 1]`.
 */
export function groupedIndexes(keys: Uint32Array, groups: number): { readonly indexes: Uint32Array; readonly starts: Uint32Array } {
  const starts = new Uint32Array(groups + 1);
  countKeys(keys, starts);
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  const indexes = new Uint32Array(keys.length);
  placeByKey(keys, starts.slice(0, groups), indexes);
  return { indexes, starts };
}

function countKeys(keys: Uint32Array, starts: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
}

function placeByKey(keys: Uint32Array, next: Uint32Array, indexes: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) indexes[next[keys[i]!]!++] = i;
}

/** How many piles `inTimeOrder` deals items onto. */
const PILES = 8;

/*
 * Each loop below is a function of its own, called with the same kinds of values every time:
 * one-shot code on big arrays then runs optimized from its first call. A function of two loops
 * big enough to be optimized while they run is optimized at the first, then thrown back at the
 * second, which it has never seen run, and optimized again (V8's --trace-deopt: "insufficient
 * type feedback", twice or three times for each of these in a MIDI export).
 */

/**
 * `items` (indexes into `offsets` and `ranks`) in time order: by offset, then by rank, then by
 * index. That is a total order, so how the items come changes only the cost. Items already in
 * order are returned as they are, and a few runs in order (a part's notes; its note-ons) are
 * merged as they come. Many runs (the note-offs of chords whose notes end apart) are first dealt
 * onto a few piles, each onto the first pile it follows in order (the note-off of a chord's long
 * note goes on one pile, those of the short notes after it on another). Then a natural merge sort
 * on typed arrays, with no call per comparison, merges the runs it finds: items that come nearly
 * in order cost a few passes. Sorts `items` or a copy of it, and returns the result.
 */
export function inTimeOrder(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const n = items.length;
  if (n < 2) return items;
  let runs = countRuns(items, offsets, ranks);
  if (runs === 1) return items;
  let from = items;
  let to: Uint32Array;
  if (runs <= PILES) {
    to = new Uint32Array(n);
  } else {
    from = dealt(items, offsets, ranks);
    to = items;
    runs = countRuns(from, offsets, ranks);
  }
  const bounds = runStarts(from, runs, offsets, ranks);
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
  const pileOf = new Uint8Array(items.length);
  const starts = new Uint32Array(PILES + 1);
  deal(items, offsets, ranks, pileOf, starts);
  for (let p = 0; p < PILES; p++) starts[p + 1]! += starts[p]!;
  const piles = new Uint32Array(items.length);
  gather(items, pileOf, starts, piles);
  return piles;
}

/** Puts each item's pile in `pileOf`, and counts each pile's items in `starts[pile + 1]`. */
function deal(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array, pileOf: Uint8Array, starts: Uint32Array): void {
  const last = new Int32Array(PILES).fill(-1);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let p = 0;
    while (p < PILES - 1 && last[p]! >= 0 && before(item, last[p]!, offsets, ranks)) p++;
    pileOf[i] = p;
    last[p] = item;
    starts[p + 1]!++;
  }
}

function gather(items: Uint32Array, pileOf: Uint8Array, next: Uint32Array, piles: Uint32Array): void {
  for (let i = 0; i < items.length; i++) piles[next[pileOf[i]!]!++] = items[i]!;
}

/** How many runs of items already in order there are. */
function countRuns(items: Uint32Array, offsets: Float64Array, ranks: Uint8Array): number {
  let runs = 1;
  for (let i = 1; i < items.length; i++) if (before(items[i]!, items[i - 1]!, offsets, ranks)) runs++;
  return runs;
}

/** Where each of the `runs` runs of items already in order starts, then `items.length` (counted first: memory touched for the first time is dear). */
function runStarts(items: Uint32Array, runs: number, offsets: Float64Array, ranks: Uint8Array): Uint32Array {
  const bounds = new Uint32Array(runs + 1);
  for (let i = 1, run = 0; i < items.length; i++) if (before(items[i]!, items[i - 1]!, offsets, ranks)) bounds[++run] = i;
  bounds[runs] = items.length;
  return bounds;
}

/** Merges runs two by two from `from` into `to`; `bounds` then holds the merged runs' starts. Returns how many there are. */
function mergePass(from: Uint32Array, to: Uint32Array, bounds: Uint32Array, runs: number, offsets: Float64Array, ranks: Uint8Array): number {
  let merged = 0;
  for (let r = 0; r < runs; r += 2) {
    const lo = bounds[r]!;
    const mid = bounds[r + 1]!;
    const hi = r + 2 <= runs ? bounds[r + 2]! : mid;
    merge(from, to, lo, mid, hi, offsets, ranks);
    bounds[merged++] = lo;
  }
  bounds[merged] = bounds[runs]!;
  return merged;
}

/** Merges `from[lo … mid)` and `from[mid … hi)` into `to[lo … hi)`. */
function merge(from: Uint32Array, to: Uint32Array, lo: number, mid: number, hi: number, offsets: Float64Array, ranks: Uint8Array): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) to[k++] = before(from[j]!, from[i]!, offsets, ranks) ? from[j++]! : from[i++]!;
  if (i < mid) to.set(from.subarray(i, mid), k);
  else to.set(from.subarray(j, hi), k);
}
