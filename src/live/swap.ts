import type { LoopMaterial, LoopScore } from './loop-material.js';
import { compareParts, entryBoundary, nextBoundary, type PartPlacement } from './loop-plan.js';
import type { Quant } from './quant.js';

/** A part that is looping: its material and where it sits on the transport. */
export interface PartLoop extends PartPlacement {
  readonly material: LoopMaterial;
}

/**
 * One change to make at a boundary: `swap` a part's material for another, let a new part
 * `enter`, or `stop` a removed one (its sounding notes end there).
 */
export interface Swap {
  readonly part: string;
  readonly kind: 'swap' | 'enter' | 'stop';
  /** Transport ms where the change takes effect. */
  readonly at: number;
  /** The new material (absent for `stop`). */
  readonly material?: LoopMaterial;
}

export interface SwapOptions {
  /** Transport ms now, plus the time a change needs to reach the performer: no boundary before it. */
  readonly after: number;
  readonly quant: Quant;
  /** A whole score (a file's save): parts it lacks are removed. Otherwise only the parts given change. */
  readonly whole: boolean;
}

/**
 * What a new evaluation changes: each changed part swaps at its next boundary, a new part
 * enters at its next boundary in phase, a removed part stops at its boundary; unchanged parts
 * are not in the plan at all. The beat is the new score's, so a tempo change moves the grid
 * from the change on.
 */
export function planSwaps(playing: ReadonlyMap<string, PartLoop>, next: LoopScore, options: SwapOptions): Swap[] {
  const current = new Map([...playing].map(([part, loop]) => [part, loop.material]));
  const changes = compareParts(current, next.parts, options.whole);
  const swaps: Swap[] = [];
  for (const part of changes.changed) {
    swaps.push({ part, kind: 'swap', at: nextBoundary(options.after, options.quant, playing.get(part)!, next.beat), material: next.parts.get(part)! });
  }
  for (const part of changes.added) {
    const material = next.parts.get(part)!;
    swaps.push({ part, kind: 'enter', at: entryBoundary(options.after, options.quant, material.length, next.beat), material });
  }
  for (const part of changes.removed) {
    swaps.push({ part, kind: 'stop', at: nextBoundary(options.after, options.quant, playing.get(part)!, next.beat) });
  }
  return swaps;
}
