import type { LiveStatusResult } from '../protocol/results.js';

/**
 * The live parts as `live-status` gives them: each looping part with its iteration and a bar of
 * where it is in its loop, the swaps still to come with how soon, the quantum, and the last error.
 * Built with textContent only: part names come from the user's code.
 */
export function renderLive(panel: HTMLElement, status: LiveStatusResult | undefined): void {
  panel.replaceChildren();
  if (!status) {
    panel.append(element('p', 'idle', 'No live loops: choose "loop" and evaluate to start them'));
    return;
  }
  panel.append(element('p', 'transport', `▶ ${seconds(status.now)} · quant ${status.quant}`));
  const list = element('ul', 'parts');
  for (const part of status.parts) {
    const row = element('li', 'part');
    row.dataset.part = part.part;
    const bar = element('progress', 'loop');
    Object.assign(bar, { max: part.length, value: part.into });
    row.append(element('span', 'name', part.part), bar, element('span', 'iteration', `#${part.iteration} ${seconds(part.into)}/${seconds(part.length)}`));
    list.append(row);
  }
  panel.append(list);
  for (const swap of status.pending) {
    const pending = element('p', 'pending', `next: ${swap.part} ${swap.kind} in ${seconds(Math.max(0, swap.at - status.now))}`);
    pending.dataset.part = swap.part;
    panel.append(pending);
  }
  if (status.error !== null) panel.append(element('p', 'error', status.error));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
