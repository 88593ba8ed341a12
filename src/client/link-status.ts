import type { LinkStatus } from '../protocol/results.js';

/** Link for a status line: `link 2 peers · 120.0 bpm · beat 33.2 · phase 1.2/4`. */
export function describeLink(link: LinkStatus): string {
  const peers = `${link.peers} ${link.peers === 1 ? 'peer' : 'peers'}`;
  return `link ${peers} · ${link.tempo.toFixed(1)} bpm · beat ${link.beat.toFixed(1)} · phase ${link.phase.toFixed(1)}/${link.quantum}`;
}
