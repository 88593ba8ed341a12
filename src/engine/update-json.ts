import type { AttributeChange } from './model/attribute.js';
import { durationJson } from './model/duration.js';
import { keySignatureJson } from './model/key-signature.js';
import { pitchJson } from './model/pitch.js';
import type { Update } from './model/update.js';
import { unreachable } from './model/unreachable.js';

/** Alda 2's JSON for an attribute change, as in `global-attributes` of `parse -o data`. */
export function attributeJson(change: AttributeChange): unknown {
  switch (change.kind) {
    case 'tempo':
      return { attribute: 'tempo', value: change.bpm };
    case 'metric-modulation':
      return { attribute: 'tempo', value: { ratio: change.ratio } };
    case 'octave-set':
      return { attribute: 'octave', value: change.octave };
    case 'octave-up':
      return { attribute: 'octave', value: 'up' };
    case 'octave-down':
      return { attribute: 'octave', value: 'down' };
    case 'volume':
      return { attribute: 'volume', value: change.volume };
    case 'dynamic':
      return { attribute: 'dynamic-marking', value: change.marking };
    case 'track-volume':
      return { attribute: 'track-volume', value: change.trackVolume };
    case 'panning':
      return { attribute: 'panning', value: change.panning };
    case 'quantization':
      return { attribute: 'quantization', value: change.quantization };
    case 'duration':
      return { attribute: 'duration', ...(durationJson(change.duration) as object) };
    case 'key-signature':
      return { attribute: 'key-signature', value: keySignatureJson(change.key) };
    case 'transposition':
      return { attribute: 'transposition', value: change.semitones };
    case 'reference-pitch':
      return { attribute: 'reference-pitch', value: change.frequency };
    case 'midi-channel':
      return { attribute: 'midi-channel', value: change.channel };
  }
}

/** Alda 2's JSON for an evaluated update (what `variables` holds in `parse -o data`). */
export function updateJson(update: Update): unknown {
  switch (update.type) {
    case 'note':
      return {
        type: 'note',
        value: {
          pitch: pitchJson(update.pitch),
          ...(update.duration ? { duration: durationJson(update.duration) } : {}),
          ...(update.slurred ? { 'slurred?': true } : {}),
        },
      };
    case 'rest':
      return { type: 'rest', value: update.duration ? { duration: durationJson(update.duration) } : {} };
    case 'chord':
    case 'sequence':
      return { type: update.type === 'chord' ? 'chord' : 'event-sequence', value: { events: update.events.map(updateJson) } };
    case 'cram':
      return {
        type: 'cram',
        value: { events: update.events.map(updateJson), ...(update.duration ? { duration: durationJson(update.duration) } : {}) },
      };
    case 'repeat':
      return { type: 'repeat', value: { event: updateJson(update.event), times: update.times } };
    case 'on-repetitions':
      return { type: 'on-repetitions', value: { repetitions: update.ranges, event: updateJson(update.event) } };
    case 'part':
      return { type: 'part-declaration', value: { names: update.names, ...(update.alias ? { alias: update.alias } : {}) } };
    case 'voice':
      return { type: 'voice-marker', value: { number: update.number } };
    case 'end-voices':
      return { type: 'voice-group-end-marker' };
    case 'marker':
    case 'at-marker':
      return { type: update.type, value: { name: update.name } };
    case 'set-variable':
      return { type: 'variable-definition', value: { events: update.events.map(updateJson) } };
    case 'get-variable':
      return { type: 'variable-reference', value: { name: update.name } };
    case 'barline':
      return { type: 'barline' };
    case 'attribute':
      return { type: update.global ? 'global-attribute-update' : 'attribute-update', ...(attributeJson(update.change) as object) };
    default:
      return unreachable(update);
  }
}
