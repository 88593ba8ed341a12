/**
 * Every note-on that went out, until its note-off: what `stop`, shutdown and a part swap
 * must silence, and nothing else. Also remembers which channels were used, for All Notes Off.
 */
export class SoundingNotes {
  readonly #notes = new Map<number, { count: number; part: string | undefined }>();
  readonly #channels = new Set<number>();

  /** Follows one message that was sent. */
  track(data: readonly number[], part: string | undefined): void {
    const status = data[0]!;
    if (status < 0x80 || status >= 0xf0) return;
    const channel = status & 0x0f;
    this.#channels.add(channel);
    const kind = status & 0xf0;
    const key = (channel << 7) | (data[1]! & 0x7f);
    if (kind === 0x90 && (data[2] ?? 0) > 0) {
      const entry = this.#notes.get(key);
      if (entry) entry.count++;
      else this.#notes.set(key, { count: 1, part });
    } else if (kind === 0x80 || kind === 0x90) {
      const entry = this.#notes.get(key);
      if (!entry) return;
      if (--entry.count === 0) this.#notes.delete(key);
    }
  }

  get size(): number {
    return this.#notes.size;
  }

  /** Is this note (of this part, when given) sounding now? */
  has(channel: number, note: number, part?: string): boolean {
    const entry = this.#notes.get((channel << 7) | note);
    return entry !== undefined && (part === undefined || entry.part === part);
  }

  /** Note-off messages for every sounding note, or only the part's; one per note-on still open. */
  noteOffs(part?: string): number[][] {
    const offs: number[][] = [];
    for (const [key, entry] of this.#notes) {
      if (part !== undefined && entry.part !== part) continue;
      for (let i = 0; i < entry.count; i++) offs.push([0x80 | (key >> 7), key & 0x7f, 0]);
    }
    return offs;
  }

  /** CC 123 (All Notes Off) on every channel used so far, the safety net after the note-offs. */
  allNotesOff(): number[][] {
    return [...this.#channels].sort((a, b) => a - b).map((channel) => [0xb0 | channel, 123, 0]);
  }
}
