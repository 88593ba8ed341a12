import { describeLink } from '../client/link-status.js';
import type { LiveStatusResult } from '../protocol/results.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * One line for the bottom of the watcher's terminal: every looping part with its iteration and
 * where it is in it, the swaps still to come, and the last error (until a good save).
 *
 *   ▶ 12.50 s · piano #8 0.25/0.50 s · cello #8 0.25/0.50 s · next: piano swap in 0.38 s · quant loop
 */
export function statusLine(status: Omit<LiveStatusResult, 'session'>): string {
  const parts = status.parts.map((p) => `${p.part} #${p.iteration + 1} ${(p.into / 1000).toFixed(2)}/${seconds(p.length)}`);
  const pending = status.pending.map((s) => `${s.part} ${s.kind} in ${seconds(Math.max(0, s.at - status.now))}`);
  const pieces = [`▶ ${seconds(status.now)}`, ...(parts.length > 0 ? parts : ['no parts looping'])];
  if (pending.length > 0) pieces.push(`next: ${pending.join(', ')}`);
  pieces.push(`quant ${status.quant}`);
  if (status.link) pieces.push(describeLink(status.link));
  if (status.error) pieces.push(`error: ${status.error.split('\n')[0]}`);
  return pieces.join(' · ');
}

/** A swap as the line printed when a save is taken. */
export function swapLine(swap: { readonly part: string; readonly kind: string; readonly at: number }, now: number): string {
  const verb = swap.kind === 'swap' ? 'changes' : swap.kind === 'enter' ? 'enters' : 'stops';
  return `${swap.part} ${verb} at ${seconds(swap.at)} (in ${seconds(Math.max(0, swap.at - now))})`;
}
