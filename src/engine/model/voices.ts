import { PartIdentity, type Part } from './part.js';
import type { ScoreState } from './score-state.js';

/** `V1:` … : each current part forks into voices that all start from its state now. */
export function switchToVoice(state: ScoreState, number: number): void {
  for (const part of [...state.currentParts]) {
    const voice = voiceOf(part, number);
    state.currentParts = state.currentParts.map((current) => (current.identity === part.identity ? voice : current));
  }
}

function voiceOf(part: Part, number: number): Part {
  const existing = part.voiceGroup?.voices.get(number);
  if (existing) return existing;
  if (!part.voiceGroup || part.voiceGroup.voices.size === 0) {
    const template = part.fork();
    const group = { origin: part, template, voices: new Map<number, Part>(), order: [] as number[] };
    template.voiceGroup = group;
    part.voiceGroup = group;
  }
  const group = part.voiceGroup!;
  const voice = group.template.fork();
  group.voices.set(number, voice);
  group.order.push(number);
  return voice;
}

/**
 * `V0:` or any part declaration: the voice that ends last (the last declared, on a tie)
 * carries on as the part. Like Alda 2.4.3, it does so as a new identity, so its next
 * notes may move to another MIDI channel.
 */
export function endVoiceGroups(state: ScoreState): void {
  const parts = state.currentParts;
  for (let i = 0; i < parts.length; i++) {
    const group = parts[i]!.voiceGroup;
    if (group && group.voices.size > 0) return endGroups(state);
  }
}

/** Apart from endVoiceGroups, which every part declaration calls: its closures would make each call allocate a context. */
function endGroups(state: ScoreState): void {
  state.currentParts = state.currentParts.map((part) => {
    const group = part.voiceGroup;
    if (!group || group.voices.size === 0) return part;
    const order = group.order;
    let winner = group.voices.get(order[order.length - 1]!)!;
    for (const number of order.slice(0, -1)) {
      const voice = group.voices.get(number)!;
      if (voice.currentOffset > winner.currentOffset) winner = voice;
    }
    const identity = part.identity;
    winner.voiceGroup = null;
    state.parts = state.parts.map((p) => (p.identity === identity ? winner : p));
    for (const [alias, parts] of state.aliases) {
      if (parts.some((p) => p.identity === identity)) state.aliases.set(alias, parts.map((p) => (p.identity === identity ? winner : p)));
    }
    winner.identity = new PartIdentity();
    return winner;
  });
}
