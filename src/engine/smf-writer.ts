/** Meta event types the MIDI file writer uses. */
export const Meta = { TrackName: 0x03, InstrumentName: 0x04, Marker: 0x06, EndOfTrack: 0x2f, Tempo: 0x51 } as const;
export type Meta = (typeof Meta)[keyof typeof Meta];

/** The most bytes a channel message takes: a 4-byte delta time, a status and two data bytes. */
const MAX_MESSAGE = 7;

/**
 * Writes a Standard MIDI File straight into bytes, event by event: a score's hundreds of
 * thousands of messages cost a few bytes each, not an object each (the 1 MB benchmark score
 * took 450 MB through a library that holds every event as an object and the file as a string).
 * Tracks are written one after another, their events in tick order; channel messages use
 * running status (the status byte is left out when it repeats the last channel message's).
 */
export class SmfWriter {
  #bytes: Uint8Array;
  #length = 0;
  #tracks = 0;
  /** Where the open track's length goes, its last tick and its running status. */
  #trackStart = -1;
  #tick = 0;
  #status = -1;

  /** `expected`: about how many bytes the file will take (more memory is found if need be). */
  constructor(format: number, ppq: number, expected = 1 << 16) {
    this.#bytes = new Uint8Array(expected);
    this.#text('MThd');
    this.#uint(6, 4);
    this.#uint(format, 2);
    this.#uint(0, 2); // the number of tracks, filled in by `bytes()`
    this.#uint(ppq, 2);
  }

  startTrack(): void {
    this.#text('MTrk');
    this.#trackStart = this.#length;
    this.#uint(0, 4);
    this.#tick = 0;
    this.#status = -1;
    this.#tracks++;
  }

  /**
   * Channel messages in tick order: message `order[k]` at `ticks[k]` (never before the one
   * before it), packed in `packed[order[k]]` as `packMessage` packs it (status, data bytes,
   * and their count, 2 or 3, in the top byte). One loop for them all: a big score's tracks
   * hold hundreds of thousands.
   */
  messages(order: Uint32Array, ticks: Float64Array, packed: Uint32Array): void {
    let bytes = this.#bytes;
    let at = this.#length;
    let last = this.#tick;
    let running = this.#status;
    for (let k = 0; k < order.length; k++) {
      if (at + MAX_MESSAGE > bytes.length) {
        this.#length = at;
        this.#reserve(MAX_MESSAGE);
        bytes = this.#bytes;
      }
      const tick = ticks[k]!;
      const delta = tick - last;
      last = tick;
      if (delta > 0x1fffff) bytes[at++] = ((delta >> 21) & 0x7f) | 0x80;
      if (delta > 0x3fff) bytes[at++] = ((delta >> 14) & 0x7f) | 0x80;
      if (delta > 0x7f) bytes[at++] = ((delta >> 7) & 0x7f) | 0x80;
      bytes[at++] = delta & 0x7f;
      const message = packed[order[k]!]!;
      const status = message & 0xff;
      if (status !== running) {
        running = status;
        bytes[at++] = status;
      }
      bytes[at++] = (message >> 8) & 0xff;
      if (message >>> 24 === 3) bytes[at++] = (message >> 16) & 0xff;
    }
    this.#length = at;
    this.#tick = last;
    this.#status = running;
  }

  /** A meta event holding text, as UTF-8. */
  text(tick: number, type: Meta, text: string): void {
    this.meta(tick, type, Buffer.from(text, 'utf8'));
  }

  /** A set-tempo meta event. */
  tempo(tick: number, microsPerQuarter: number): void {
    this.meta(tick, Meta.Tempo, [(microsPerQuarter >> 16) & 0xff, (microsPerQuarter >> 8) & 0xff, microsPerQuarter & 0xff]);
  }

  meta(tick: number, type: Meta, data: ArrayLike<number>): void {
    this.#delta(tick);
    this.#byte(0xff);
    this.#byte(type);
    this.#variable(data.length);
    this.#reserve(data.length);
    for (let i = 0; i < data.length; i++) this.#bytes[this.#length++] = data[i]!;
  }

  /** Ends the open track with its end-of-track event at `tick` (or at its last event, if later). */
  endTrack(tick: number): void {
    this.meta(Math.max(tick, this.#tick), Meta.EndOfTrack, []);
    const length = this.#length - this.#trackStart - 4;
    this.#at(this.#trackStart, length, 4);
  }

  /** The file, its tracks counted. */
  bytes(): Buffer {
    this.#at(10, this.#tracks, 2);
    return Buffer.from(this.#bytes.buffer, 0, this.#length);
  }

  #delta(tick: number): void {
    this.#variable(tick - this.#tick);
    this.#tick = tick;
  }

  /** A variable-length quantity: 7 bits a byte, most significant first, the last byte's top bit clear. */
  #variable(value: number): void {
    if (value > 0x1fffff) this.#byte(((value >> 21) & 0x7f) | 0x80);
    if (value > 0x3fff) this.#byte(((value >> 14) & 0x7f) | 0x80);
    if (value > 0x7f) this.#byte(((value >> 7) & 0x7f) | 0x80);
    this.#byte(value & 0x7f);
  }

  #uint(value: number, size: number): void {
    this.#reserve(size);
    this.#length += size;
    this.#at(this.#length - size, value, size);
  }

  /** Writes `value` big-endian in `size` bytes at `offset`. */
  #at(offset: number, value: number, size: number): void {
    for (let i = size - 1; i >= 0; i--) this.#bytes[offset + size - 1 - i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
  }

  #text(ascii: string): void {
    for (let i = 0; i < ascii.length; i++) this.#byte(ascii.charCodeAt(i));
  }

  #byte(value: number): void {
    if (this.#length === this.#bytes.length) this.#reserve(1);
    this.#bytes[this.#length++] = value;
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + count));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
