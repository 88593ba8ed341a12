import { signatureOf, type LoopMaterial, type LoopMessage, type LoopScore } from './loop-material.js';

const PERCUSSION = 9;

/**
 * Gives each part of a new score the MIDI channels it already plays on, and a part that is new
 * a channel no looping part uses. Each evaluation hands out channels afresh, in order of
 * appearance: without this, a line typed at the prompt (`cello: …`, evaluated alone) would take
 * channel 0 from the piano looping there, and a part added above another in a file would move
 * it. Percussion stays on channel 10 (9 from 0). A part's channels are matched in the order they
 * first appear in its messages.
 */
export function keepChannels(score: LoopScore, playing: ReadonlyMap<string, LoopMaterial>): LoopScore {
  const used = new Set<number>();
  for (const material of playing.values()) for (const channel of channelsOf(material)) used.add(channel);
  const parts = new Map<string, LoopMaterial>();
  for (const [part, material] of score.parts) {
    const before = playing.get(part);
    const wanted = channelsOf(material);
    const kept = before ? channelsOf(before).filter((c) => c !== PERCUSSION) : [];
    const map = new Map<number, number>();
    for (const channel of wanted) {
      if (channel === PERCUSSION) map.set(channel, PERCUSSION);
      else map.set(channel, kept.shift() ?? freeChannel(used));
      used.add(map.get(channel)!);
    }
    parts.set(part, remap(material, map));
  }
  return { parts, beat: score.beat };
}

function channelsOf(material: LoopMaterial): number[] {
  const seen: number[] = [];
  for (const message of material.messages) {
    const channel = message.d[0]! & 0x0f;
    if (!seen.includes(channel)) seen.push(channel);
  }
  return seen;
}

/** The lowest channel nobody uses; when all 15 are taken, parts share the last one (as Alda does past 15 parts). */
function freeChannel(used: ReadonlySet<number>): number {
  for (let channel = 0; channel < 16; channel++) if (channel !== PERCUSSION && !used.has(channel)) return channel;
  return 15;
}

function remap(material: LoopMaterial, map: ReadonlyMap<number, number>): LoopMaterial {
  if ([...map].every(([from, to]) => from === to)) return material;
  const messages = material.messages.map((m): LoopMessage => ({ t: m.t, d: [(m.d[0]! & 0xf0) | map.get(m.d[0]! & 0x0f)!, ...m.d.slice(1)], p: m.p }));
  return { ...material, messages, signature: signatureOf(material.length, messages) };
}
