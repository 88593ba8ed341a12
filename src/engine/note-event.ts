import type { Span } from '../lisp/form.js';

/** One sounding note, in score time (milliseconds from the start of the score, as Alda computes them). */
export interface NoteEvent {
  /** Id of the part that plays it: `part001`, `part002`, … */
  readonly part: string;
  readonly offset: number;
  /** How far the part advanced for this note. */
  readonly duration: number;
  /** How long it sounds: `duration × quantization`, or all of it when slurred. */
  readonly audibleDuration: number;
  readonly midiNote: number;
  /** 0–15; 9 is percussion. */
  readonly midiChannel: number;
  /** 0–1; the MIDI velocity is `round(volume × 127)`. */
  readonly volume: number;
  /** 0–1; sent as the channel's volume, `round(trackVolume × 127)`. */
  readonly trackVolume: number;
  /** 0–1; sent as CC 10, `round(panning × 127)`. */
  readonly panning: number;
  /** The source of the form that produced it. */
  readonly span?: Span;
}
