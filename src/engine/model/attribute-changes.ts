import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import type { AttributeChange } from './attribute.js';
import type { Part } from './part.js';
import type { ScoreState } from './score-state.js';

/** A plain attribute change applies to every current part at once. */
export function applyLocal(state: ScoreState, change: AttributeChange, span: Span | undefined): void {
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    changeAttribute(parts[i]!, change, false, span);
    parts[i]!.localOverride = change.kind;
  }
}

/** A global (`!`) change is recorded at the current parts' offset, for each part to pick up later. */
export function recordGlobal(state: ScoreState, change: AttributeChange, span: Span | undefined): void {
  const parts = state.currentParts;
  const offset = parts.length > 0 ? parts[0]!.currentOffset : 0;
  if (!sameOffset(parts, offset)) {
    throw new AldaEvalError(
      'ALDA_GLOBAL_ATTRIBUTE_UNCLEAR',
      "can't set global attribute; there are multiple current parts with different offsets",
      span,
    );
  }
  state.globals.record(offset, change);
}

/** Global changes recorded in (lastOffset, currentOffset] reach each current part now, unless overridden locally. */
export function applyGlobalAttributes(state: ScoreState, span: Span | undefined): void {
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const changes = state.globals.inWindow(part.lastOffset, part.currentOffset);
    for (let c = 0; c < changes.length; c++) {
      const change = changes[c]!;
      if (part.localOverride !== change.kind) changeAttribute(part, change, true, span);
    }
    part.localOverride = null;
  }
}

function changeAttribute(part: Part, change: AttributeChange, global: boolean, span: Span | undefined): void {
  switch (change.kind) {
    case 'tempo':
      part.tempo = change.bpm;
      if (!global) part.recordTempo();
      return;
    case 'metric-modulation':
      part.tempo *= change.ratio;
      if (!global) part.recordTempo();
      return;
    case 'octave-set':
      part.octave = change.octave;
      return;
    case 'octave-up':
      part.octave++;
      return;
    case 'octave-down':
      part.octave--;
      return;
    case 'volume':
    case 'dynamic':
      part.volume = change.volume;
      return;
    case 'track-volume':
      part.trackVolume = change.trackVolume;
      return;
    case 'panning':
      part.panning = change.panning;
      return;
    case 'quantization':
      part.quantization = change.quantization;
      return;
    case 'duration':
      part.duration = change.duration;
      return;
    case 'key-signature':
      part.key = change.key;
      return;
    case 'transposition':
      part.transposition = change.semitones;
      return;
    case 'reference-pitch':
      part.referencePitch = change.frequency;
      return;
    case 'midi-channel':
      if (change.channel === 9 && !part.isPercussion) {
        throw new AldaEvalError(
          'ALDA_CHANNEL_9_NOT_PERCUSSION',
          `Can't use MIDI channel 9 for part "${part.name}"; channel 9 can only be used for percussion.`,
          span,
        );
      }
      part.midiChannel = change.channel;
      part.explicitChannel = true;
      return;
  }
}

/** Whether every part is at `offset`: a loop, where a closure would make each call allocate a context. */
export function sameOffset(parts: readonly Part[], offset: number): boolean {
  for (let i = 0; i < parts.length; i++) if (parts[i]!.currentOffset !== offset) return false;
  return true;
}
