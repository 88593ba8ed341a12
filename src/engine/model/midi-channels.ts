import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import { goFixed } from '../../lisp/go-fmt.js';
import type { Part } from './part.js';
import type { ScoreState } from './score-state.js';

/**
 * Alda 2's deterministic MIDI channel assignment (client side since 2.3.0): percussion
 * on 9; an explicit channel if it is free; the part's own channel while it has it to
 * itself; else the lowest unused one; else one with no overlapping note of another part.
 */
export function assignMidiChannel(state: ScoreState, part: Part, audibleMs: number, span: Span | undefined): number {
  const channel = determineChannel(state, part, audibleMs, span);
  const users = state.channelUsage[channel]!;
  if (!users.includes(part.identity)) users.push(part.identity);
  return channel;
}

function determineChannel(state: ScoreState, part: Part, audibleMs: number, span: Span | undefined): number {
  if (part.isPercussion) return 9;
  if (part.explicitChannel) {
    if (unused(state, part.midiChannel) || exclusive(state, part, part.midiChannel)) return part.midiChannel;
    if (complexCheck(state, part, audibleMs) !== part.midiChannel) {
      throw new AldaEvalError(
        'ALDA_MIDI_CHANNEL_UNAVAILABLE',
        `The specified MIDI channel (${part.midiChannel}) for part "${part.name}" is not available at offset ${goFixed(part.currentOffset)}.\n\n` +
          'This means that another part in the score is already using that channel at that\npoint in the score.\n\n' +
          'To address this, use the midi-channel attribute to assign a different MIDI channel to the\nother parts in the score.',
        span,
      );
    }
    return part.midiChannel;
  }
  if (part.midiChannel !== -1 && exclusive(state, part, part.midiChannel)) return part.midiChannel;
  const simple = simpleCheck(state, part);
  if (simple !== -1) return simple;
  const complex = complexCheck(state, part, audibleMs);
  if (complex !== -1) return complex;
  throw new AldaEvalError(
    'ALDA_NO_MIDI_CHANNEL',
    `No MIDI channel available for part "${part.name}" at offset ${goFixed(part.currentOffset)}.\n\n` +
      'This means that your score has more than 16 instruments, and we tried to map\n' +
      "the instruments' notes to the 16 MIDI channels by having multiple instruments\n" +
      "share a channel as needed, but it wasn't logistically possible.",
    span,
  );
}

const unused = (state: ScoreState, channel: number): boolean => state.channelUsage[channel]!.length === 0;

function exclusive(state: ScoreState, part: Part, channel: number): boolean {
  const users = state.channelUsage[channel]!;
  return users.length === 1 && users[0] === part.identity;
}

function simpleCheck(state: ScoreState, part: Part): number {
  for (let channel = 0; channel < 16; channel++) {
    if (channel === 9) continue;
    if (unused(state, channel) || exclusive(state, part, channel)) return channel;
  }
  return -1;
}

/** The part's channel or the lowest one where no other part's note overlaps this one. */
function complexCheck(state: ScoreState, part: Part, audibleMs: number): number {
  const taken = new Set<number>();
  const start = part.currentOffset;
  const end = start + audibleMs;
  const events = state.events;
  for (let i = 0; i < events.length; i++) {
    if (events.owner(i) === part.identity) continue;
    const channel = events.channel(i);
    if (taken.has(channel)) continue;
    const offset = events.offset(i);
    if (start < offset + events.audibleDuration(i) && end > offset) taken.add(channel);
  }
  if (part.midiChannel !== -1 && !taken.has(part.midiChannel)) return part.midiChannel;
  for (let channel = 0; channel < 16; channel++) {
    if (channel !== 9 && !taken.has(channel)) return channel;
  }
  return -1;
}
