import type { NotesResult, TimelineNote } from '../protocol/results.js';

/** The window drawn around the playhead, in ms of the session's timeline. */
export const BEHIND = 4000;
export const AHEAD = 8000;
/** Fewest keys drawn: a single note is not a whole canvas tall. */
const MIN_KEYS = 24;

/**
 * The session's notes on a canvas, time running left to right past a playhead a third of the way
 * in. The server says where the transport was when it answered (`notes`); between answers the
 * playhead moves on by the page's own clock, as the performer's does. `data-notes` on the canvas
 * says how many notes the last frame drew, and `data-keys` which keys.
 */
export class PianoRoll {
  readonly #canvas: HTMLCanvasElement;
  #notes: readonly TimelineNote[] = [];
  /** The transport position the server last gave, and when (performance.now()) it arrived. */
  #heard: { position: number; at: number } | undefined;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
  }

  /** The notes in the window of the last answer, and where the transport was. */
  show(result: NotesResult): void {
    this.#notes = result.notes;
    this.#heard = result.position === null ? undefined : { position: result.position, at: performance.now() };
  }

  /** The playhead now, on the session's timeline; null before anything played. */
  playhead(now = performance.now()): number | null {
    return this.#heard === undefined ? null : this.#heard.position + (now - this.#heard.at);
  }

  draw(): void {
    const canvas = this.#canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const context = canvas.getContext('2d');
    if (!context) return;
    const head = this.playhead() ?? this.#notes[0]?.start ?? 0;
    const from = head - BEHIND;
    const to = head + AHEAD;
    const visible = this.#notes.filter((note) => note.end >= from && note.start <= to);
    const [low, high] = keyRange(visible);
    const x = (ms: number) => ((ms - from) / (to - from)) * width;
    const laneHeight = height / (high - low + 1);
    const y = (key: number) => (high - key) * laneHeight;

    context.fillStyle = '#15171c';
    context.fillRect(0, 0, width, height);
    for (let key = low; key <= high; key++) {
      if (![1, 3, 6, 8, 10].includes(key % 12)) continue;
      context.fillStyle = '#1c1f26';
      context.fillRect(0, y(key), width, laneHeight);
    }
    const now = this.playhead();
    for (const note of visible) {
      const sounding = now !== null && note.start <= now && now < note.end;
      context.fillStyle = partColour(note.part, sounding ? 70 : 55);
      context.fillRect(x(note.start), y(note.key) + 1, Math.max(2, x(note.end) - x(note.start) - 1), Math.max(2, laneHeight - 2));
    }
    if (now !== null) {
      context.fillStyle = '#f5f5f5';
      context.fillRect(x(now), 0, Math.max(1, ratio), height);
    }
    canvas.dataset.notes = String(visible.length);
    canvas.dataset.keys = [...new Set(visible.map((note) => note.key))].sort((a, b) => a - b).join(' ');
  }
}

/** The lowest and highest key to draw: every visible note's, with a key to spare, at least MIN_KEYS apart. */
function keyRange(notes: readonly TimelineNote[]): [number, number] {
  if (notes.length === 0) return [48, 48 + MIN_KEYS];
  let low = Math.min(...notes.map((note) => note.key)) - 1;
  let high = Math.max(...notes.map((note) => note.key)) + 1;
  while (high - low < MIN_KEYS) {
    low--;
    high++;
  }
  return [Math.max(0, low), Math.min(127, high)];
}

/** A colour for each part, the same on every frame. */
export function partColour(part: string, lightness: number): string {
  let hash = 0;
  for (const char of part) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return `hsl(${(hash * 47) % 360} 70% ${lightness}%)`;
}
