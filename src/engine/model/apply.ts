import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import { applyGlobalAttributes, applyLocal, recordGlobal, sameOffset } from './attribute-changes.js';
import { capture } from './capture.js';
import { durationOf } from './duration-of.js';
import { durationMs, nonPositiveLength, type Duration } from './duration.js';
import type { ScoreMeter } from './meter.js';
import { assignMidiChannel } from './midi-channels.js';
import type { Part } from './part.js';
import { declareParts } from './part-declaration.js';
import { midiNote } from './pitch.js';
import type { ScoreState } from './score-state.js';
import { appliesTo, type Update } from './update.js';
import { endVoiceGroups, switchToVoice } from './voices.js';
import { estimateWork } from './estimate.js';
import { unreachable } from './unreachable.js';

/**
 * Applies one update to the score, as Alda 2.4.3's `UpdateScore` does: notes go to every
 * current part in turn, time is milliseconds at each part's own tempo.
 *
 * `anchor` is where Alda reports the errors of the score model (undefined variable, MIDI
 * note out of range, …): at the update that Alda's `Score.Update` applied, which is the
 * update itself, or, for the events of a cram, a chord, a variable used or alternate
 * endings, which Alda applies directly, the container's place (the `{`, the name used).
 */
export function applyUpdate(state: ScoreState, update: Update, meter: ScoreMeter, anchor?: Span): void {
  meter.step(update.span);
  const at = anchor ?? update.span;
  switch (update.type) {
    case 'note':
    case 'rest':
      return addNoteOrRest(state, update, meter, at);
    case 'chord':
      return applyChord(state, update.events, meter, at);
    case 'cram':
      return applyCram(state, update.events, update.duration, meter, at);
    case 'sequence': {
      meter.enter(update.span);
      const events = update.events;
      for (let i = 0; i < events.length; i++) applyUpdate(state, events[i]!, meter);
      return meter.leave();
    }
    case 'repeat':
      return applyRepeat(state, update, meter);
    case 'on-repetitions':
      // As in Alda 2.4.3: once for every current part on a matching repetition, each
      // time to all current parts (so a group of two plays an alternate ending twice).
      for (const part of [...state.currentParts]) {
        if (appliesTo(update.ranges, part.currentRepetition)) applyUpdate(state, update.event, meter, at);
      }
      return;
    case 'part':
      return declareParts(state, update.names, update.alias, at);
    case 'voice':
      return switchToVoice(state, update.number);
    case 'end-voices':
      return endVoiceGroups(state);
    case 'marker':
      return placeMarker(state, update.name, at);
    case 'at-marker':
      return jumpToMarker(state, update.name, at);
    case 'set-variable':
      return setVariable(state, update, at);
    case 'get-variable':
      return applyVariable(state, update, meter, at);
    case 'barline':
      return;
    case 'attribute':
      return update.global ? recordGlobal(state, update.change, at) : applyLocal(state, update.change, at);
    default:
      return unreachable(update);
  }
}

type NoteOrRest = Extract<Update, { type: 'note' | 'rest' }>;

function addNoteOrRest(state: ScoreState, update: NoteOrRest, meter: ScoreMeter, at: Span | undefined): void {
  if (!state.chordMode) applyGlobalAttributes(state, at);
  const specified = update.duration;
  // Alda checks a note's length when the note is played, not where it is written.
  const problem = specified && nonPositiveLength(specified);
  if (problem) throw new AldaEvalError('ALDA_LENGTH_NOT_POSITIVE', problem, at);
  // Indexed loops on the paths taken per note: until V8 has optimized them, a `for…of` makes
  // an iterator and a result object per step, a tenth of what a big score allocates.
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const duration = specified ?? part.duration;
    const ms = durationMs(duration, part.tempo) * part.timeScale;
    meter.time(part.currentOffset + ms, update.span);
    if (update.type === 'note') {
      const audible = update.slurred ? ms : ms * part.quantization;
      if (audible > 0) {
        const note = midiNote(update.pitch, part.octave, part.key, part.transposition);
        if (!(note >= 0 && note <= 127)) {
          throw new AldaEvalError('ALDA_MIDI_NOTE_RANGE', `MIDI note out of the 0-127 range. Input note: ${note}`, at);
        }
        const channel = assignMidiChannel(state, part, audible, at);
        part.midiChannel = channel;
        if (part.voiceGroup) part.voiceGroup.origin.midiChannel = channel;
        meter.emit(1, update.span);
        state.events.pushNote(part, ms, audible, note, update.span);
      }
    }
    if (!state.chordMode) {
      part.lastOffset = part.currentOffset;
      part.currentOffset += ms;
    }
    if (specified) part.duration = specified;
  }
}

function applyChord(state: ScoreState, events: readonly Update[], meter: ScoreMeter, at: Span | undefined): void {
  applyGlobalAttributes(state, at);
  // The shortest member for each part, `shortest[i]` for `timed[i]`: a part is rarely one of many.
  const timed: Part[] = state.currentParts.slice();
  const shortest: number[] = timed.map(() => Infinity);
  state.chordMode = true;
  for (let e = 0; e < events.length; e++) {
    const event = events[e]!;
    const specified = event.type === 'note' || event.type === 'rest' ? event.duration : null;
    const parts = state.currentParts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const ms = durationMs(specified ?? part.duration, part.tempo) * part.timeScale;
      let k = timed.indexOf(part);
      if (k < 0) k = timed.push(part) - 1;
      shortest[k] = Math.min(shortest[k] ?? Infinity, ms);
    }
    applyUpdate(state, event, meter, at);
  }
  state.chordMode = false;
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const k = timed.indexOf(part);
    part.lastOffset = part.currentOffset;
    part.currentOffset += k < 0 ? 0 : shortest[k]!;
  }
}

function applyCram(state: ScoreState, events: readonly Update[], duration: Duration | null, meter: ScoreMeter, at: Span | undefined): void {
  const parts = state.currentParts;
  const durations = new Array<Duration>(parts.length);
  const timeScales = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    durations[i] = part.duration;
    timeScales[i] = part.timeScale;
    const outer = durationMs(duration ?? part.duration, part.tempo);
    const copy = { duration: part.duration, tempo: part.tempo, currentRepetition: part.currentRepetition };
    let inner = 0;
    for (let e = 0; e < events.length; e++) inner += durationOf(state, events[e]!, copy);
    part.timeScale = (part.timeScale / inner) * outer;
  }
  meter.enter(undefined);
  for (let e = 0; e < events.length; e++) applyUpdate(state, events[e]!, meter, at);
  meter.leave();
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    part.duration = duration ?? durations[i]!;
    part.timeScale = timeScales[i]!;
  }
}

/**
 * Refuses at once work known to be past the budget. A repeat or reference inside another is
 * foreseen again (the budget has been spent since), from the estimates made for the outermost
 * one while it is applied (see ScoreState.estimates): so each update is estimated once, not
 * once for every repeat around it.
 */
function foresee(state: ScoreState, update: Update, meter: ScoreMeter): void {
  const work = estimateWork(state, update, state.estimates ?? undefined);
  meter.foresee(work.notes * Math.max(1, state.currentParts.length), work.steps, update.span);
}

function applyRepeat(state: ScoreState, update: Extract<Update, { type: 'repeat' }>, meter: ScoreMeter): void {
  const { event, times } = update;
  meter.repeat(times, update.span);
  estimating(state, () => {
    foresee(state, update, meter);
    const parts = state.currentParts;
    const before = parts.map((part) => part.currentRepetition);
    meter.enter(event.span);
    for (let repetition = 1; repetition <= times; repetition++) {
      for (let i = 0; i < parts.length; i++) parts[i]!.currentRepetition = repetition;
      applyUpdate(state, event, meter);
    }
    meter.leave();
    for (let i = 0; i < parts.length; i++) parts[i]!.currentRepetition = before[i]!;
  });
}

/**
 * This and applyVariable are apart from applyUpdate: a closure there would make every call of it
 * (one per note) allocate a context for the variables the closure captures.
 */
function setVariable(state: ScoreState, update: Extract<Update, { type: 'set-variable' }>, at: Span | undefined): void {
  state.variables.set(update.name, update.events.map((event) => capture(state, event, at)));
  // What a reference to it would cost has changed.
  state.estimates?.clear();
}

function applyVariable(state: ScoreState, update: Extract<Update, { type: 'get-variable' }>, meter: ScoreMeter, at: Span | undefined): void {
  estimating(state, () => {
    foresee(state, update, meter);
    meter.enter(update.span);
    const events = state.variable(update.name, at);
    for (let i = 0; i < events.length; i++) applyUpdate(state, events[i]!, meter, at);
    meter.leave();
  });
}

/** Applies a repeat or a reference with `state.estimates` kept while it is applied: made by the outermost one, shared by those nested in it. */
function estimating(state: ScoreState, apply: () => void): void {
  if (state.estimates !== null) return apply();
  state.estimates = new Map();
  try {
    apply();
  } finally {
    state.estimates = null;
  }
}


function placeMarker(state: ScoreState, name: string, span: Span | undefined): void {
  const parts = state.currentParts;
  const first = parts[0];
  if (!first) throw new AldaEvalError('ALDA_MARKER_OUTSIDE_PART', `can't define marker "${name}" outside the context of a part`, span);
  if (!sameOffset(parts, first.currentOffset)) {
    throw new AldaEvalError('ALDA_MARKER_UNCLEAR', `offset of marker "${name}" unclear`, span);
  }
  state.markers.set(name, first.currentOffset);
}

function jumpToMarker(state: ScoreState, name: string, span: Span | undefined): void {
  applyGlobalAttributes(state, span);
  const offset = state.markers.get(name);
  if (offset === undefined) throw new AldaEvalError('ALDA_MARKER_UNDEFINED', `Marker undefined: ${name}`, span);
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    parts[i]!.lastOffset = parts[i]!.currentOffset;
    parts[i]!.currentOffset = offset;
  }
}

