import type { Instrument } from '../instruments.js';
import type { AttributeChange } from './attribute.js';
import { DYNAMICS } from './attribute.js';
import { QUARTER, type Duration } from './duration.js';
import { C_MAJOR, type KeySignature } from './key-signature.js';

/**
 * Who a part is for MIDI-channel bookkeeping. Voices share their part's identity; the
 * voice that survives a voice group gets a fresh one (Alda 2.4.3 then moves the part to a
 * new channel, and we do the same).
 */
export class PartIdentity {}

/**
 * The voices a part has forked into, shared by the part and all its voices. `origin` is
 * the part that forked: while the group lasts it stands for the part in the score's
 * records, and each note a voice plays sets its MIDI channel (Alda's `part.origin`).
 */
export interface VoiceGroup {
  readonly origin: Part;
  readonly template: Part;
  readonly voices: Map<number, Part>;
  readonly order: number[];
}

/**
 * What the number fields that come to hold fractions (offsets, tempo, a cram's time scale) are
 * first set to, before the constructor gives them their value: V8 then lays them out as doubles
 * from the first part on. Set to a whole number first, such a field changed layout at its first
 * fraction, and every part not used since then sent the code of the note path that met it back
 * to the interpreter (a "wrong map" deoptimization), to be compiled again.
 */
const FRACTION = 0.5;

/** One instance of an instrument in a score, with all the state its notes depend on. */
export class Part {
  readonly id: string;
  readonly name: string;
  readonly instrument: Instrument;
  tempoRole: 'master' | 'unspecified' = 'unspecified';
  tempo = FRACTION;
  key: KeySignature = C_MAJOR;
  transposition = 0;
  referencePitch = 440;
  currentOffset = FRACTION;
  lastOffset = FRACTION;
  octave = 4;
  volume = DYNAMICS.mf!;
  trackVolume = 100 / 127;
  panning = 0.5;
  midiChannel = -1;
  explicitChannel = false;
  quantization = 0.9;
  duration: Duration = QUARTER;
  timeScale = FRACTION;
  /** Score offset → tempo, for the tempo map of exported MIDI (only the master's count). */
  tempoValues = new Map<number, number>();
  /** The kind of the last local attribute change since the last note (see global attributes). */
  localOverride: AttributeChange['kind'] | null = null;
  currentRepetition = 0;
  identity: PartIdentity;
  voiceGroup: VoiceGroup | null = null;

  constructor(id: string, name: string, instrument: Instrument, identity = new PartIdentity()) {
    this.id = id;
    this.name = name;
    this.instrument = instrument;
    this.identity = identity;
    this.tempo = 120;
    this.currentOffset = 0;
    this.lastOffset = -1;
    this.timeScale = 1;
  }

  get isPercussion(): boolean {
    return this.instrument.program === null;
  }

  recordTempo(): void {
    this.tempoValues.set(this.currentOffset, this.tempo);
  }

  /** A copy with the same identity and voice group, as Alda clones a part for a voice. */
  fork(): Part {
    const copy = this.#copyState();
    copy.voiceGroup = this.voiceGroup;
    copy.localOverride = null;
    return copy;
  }

  /** A faithful copy for a draft of the score; `memo` keeps shared objects shared. */
  snapshot(memo: Map<object, unknown>): Part {
    const seen = memo.get(this);
    if (seen) return seen as Part;
    const copy = this.#copyState();
    memo.set(this, copy);
    copy.localOverride = this.localOverride;
    copy.voiceGroup = this.voiceGroup ? snapshotGroup(this.voiceGroup, memo) : null;
    return copy;
  }

  #copyState(): Part {
    const copy = new Part(this.id, this.name, this.instrument, this.identity);
    copy.tempoRole = this.tempoRole;
    copy.tempo = this.tempo;
    copy.key = this.key;
    copy.transposition = this.transposition;
    copy.referencePitch = this.referencePitch;
    copy.currentOffset = this.currentOffset;
    copy.lastOffset = this.lastOffset;
    copy.octave = this.octave;
    copy.volume = this.volume;
    copy.trackVolume = this.trackVolume;
    copy.panning = this.panning;
    copy.midiChannel = this.midiChannel;
    copy.explicitChannel = this.explicitChannel;
    copy.quantization = this.quantization;
    copy.duration = this.duration;
    copy.timeScale = this.timeScale;
    copy.tempoValues = new Map(this.tempoValues);
    copy.currentRepetition = this.currentRepetition;
    return copy;
  }
}

function snapshotGroup(group: VoiceGroup, memo: Map<object, unknown>): VoiceGroup {
  const seen = memo.get(group);
  if (seen) return seen as VoiceGroup;
  const voices = new Map<number, Part>();
  const copy: VoiceGroup = { origin: group.origin, template: group.template, voices, order: [...group.order] };
  memo.set(group, copy);
  (copy as { origin: Part }).origin = group.origin.snapshot(memo);
  (copy as { template: Part }).template = group.template.snapshot(memo);
  for (const [number, voice] of group.voices) voices.set(number, voice.snapshot(memo));
  return copy;
}
