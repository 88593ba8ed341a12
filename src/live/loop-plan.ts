import type { LoopMaterial, LoopMessage } from './loop-material.js';
import type { Quant } from './quant.js';

/**
 * The arithmetic of loops on one shared transport (ms from the moment the loops started), kept
 * pure so it can be tested without a clock. A part plays its material over and over from its
 * anchor: iteration k starts at `anchor + k × length`, computed afresh each time so that no
 * rounding error piles up over thousands of iterations.
 */

/** Float noise below this is not a missed boundary. */
const EPSILON = 1e-6;

/** Where a looping part is on the transport. */
export interface PartPlacement {
  readonly anchor: number;
  readonly length: number;
}

/** The messages of iteration `k` of a material anchored at `anchor`, in transport time. */
export function iterationMessages(material: LoopMaterial, anchor: number, k: number): LoopMessage[] {
  const start = anchor + k * material.length;
  return material.messages.map((m) => ({ t: start + m.t, d: m.d, p: m.p }));
}

/** The first iteration of a part that starts at or after `time`. */
export function firstIterationFrom(placement: PartPlacement, time: number): number {
  return Math.max(0, Math.ceil((time - placement.anchor) / placement.length - EPSILON));
}

/**
 * The first boundary at or after `after` where a playing part may change: the end of its current
 * iteration (quant `loop`), or the next line of the shared beat grid.
 */
export function nextBoundary(after: number, quant: Quant, placement: PartPlacement, beat: number): number {
  if (quant.kind === 'beats') return gridAfter(after, quant.beats * beat);
  if (after <= placement.anchor) return placement.anchor;
  return placement.anchor + firstIterationFrom(placement, after) * placement.length;
}

/**
 * Where a new part enters: in phase with the transport, at the next multiple of its own length
 * (quant `loop`), or on the beat grid.
 */
export function entryBoundary(after: number, quant: Quant, length: number, beat: number): number {
  return gridAfter(after, quant.kind === 'beats' ? quant.beats * beat : length);
}

function gridAfter(after: number, step: number): number {
  return Math.max(0, Math.ceil(after / step - EPSILON)) * step;
}

/** How two evaluations of a score differ, part by part, compared by what they play. */
export interface PartChanges {
  readonly changed: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Compares two scores' loops. With `whole`, a part missing from `next` is removed; without it
 * (a line typed at the prompt names only the parts it redefines), it is left alone.
 */
export function compareParts(
  previous: ReadonlyMap<string, LoopMaterial>,
  next: ReadonlyMap<string, LoopMaterial>,
  whole: boolean,
): PartChanges {
  const changed: string[] = [];
  const added: string[] = [];
  const unchanged: string[] = [];
  for (const [part, material] of next) {
    const old = previous.get(part);
    if (!old) added.push(part);
    else if (old.signature === material.signature) unchanged.push(part);
    else changed.push(part);
  }
  const removed = whole ? [...previous.keys()].filter((part) => !next.has(part)) : [];
  if (!whole) for (const part of previous.keys()) if (!next.has(part)) unchanged.push(part);
  return { changed, added, removed, unchanged };
}
