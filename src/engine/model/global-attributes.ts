import type { AttributeChange } from './attribute.js';

const NONE: readonly AttributeChange[] = Object.freeze([]);

/**
 * The itinerary of global (`!`) attribute changes: score offset → changes recorded there.
 * A part picks them up when it next crosses the offset at a note boundary.
 */
export class GlobalAttributes {
  // TypeScript-private members, not `#private` ones, as they are read for every note: see src/lisp/budget.ts.
  /** Sorted ascending. */
  private offsets: number[] = [];
  private changes = new Map<number, AttributeChange[]>();
  /** Where the last window searched for began: the index of the first offset past its start. */
  private hint = 0;

  record(offset: number, change: AttributeChange): void {
    const existing = this.changes.get(offset);
    if (existing) {
      existing.push(change);
      return;
    }
    this.changes.set(offset, [change]);
    let i = this.offsets.length;
    while (i > 0 && this.offsets[i - 1]! > offset) i--;
    this.offsets.splice(i, 0, offset);
  }

  /** The changes recorded in (start, end], in offset order. */
  inWindow(start: number, end: number): readonly AttributeChange[] {
    const offsets = this.offsets;
    if (offsets.length === 0 || end <= start) return NONE;
    // Each note asks for the window just past the last one, which mostly holds no change: that is
    // seen from where the last search began, with no search. Kept small, so as to be inlined.
    const hint = this.hint;
    if ((hint === 0 || offsets[hint - 1]! <= start) && (hint === offsets.length || offsets[hint]! > end)) return NONE;
    return this.search(start, end);
  }

  private search(start: number, end: number): readonly AttributeChange[] {
    const offsets = this.offsets;
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! > start) hi = mid;
      else lo = mid + 1;
    }
    this.hint = lo;
    if (lo === offsets.length || offsets[lo]! > end) return NONE;
    const result: AttributeChange[] = [];
    for (let i = lo; i < offsets.length && offsets[i]! <= end; i++) result.push(...this.changes.get(offsets[i]!)!);
    return result;
  }

  entries(): Array<[number, readonly AttributeChange[]]> {
    return this.offsets.map((offset) => [offset, this.changes.get(offset)!]);
  }

  clone(): GlobalAttributes {
    const copy = new GlobalAttributes();
    copy.offsets = [...this.offsets];
    for (const [offset, changes] of this.changes) copy.changes.set(offset, [...changes]);
    return copy;
  }
}
