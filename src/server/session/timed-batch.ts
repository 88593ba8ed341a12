import { messageData, sendingOrder, type MessageColumns } from '../../engine/midi-messages.js';
import type { TimedMessage } from '../../protocol/messages.js';

/**
 * Messages per `schedule` or `replace`: few enough for the performer to take in the gap before its
 * next due message (it handles commands only there). The first chunk of a batch plays while the
 * rest travel, and they keep its placement.
 */
export const CHUNK = 256;

/**
 * The messages of one batch, in time order, as a session's lease sends them: chunk by chunk,
 * each as the JSON text it goes on the wire as. An evaluation comes as columns (a few bytes a
 * message, not an object), and one made in the score thread with its chunks' text made there
 * too, so that the server forwards a 1 MB score's 460,000 messages without making them again.
 */
export interface TimedBatch {
  readonly length: number;
  /** Score time of message `i`, in ms. */
  time(i: number): number;
  /** The part message `i` belongs to ('' for none). */
  part(i: number): string;
  /** Byte `k` of message `i` (0 past its end): what the note log reads, no object made. */
  byte(i: number, k: number): number;
  /** Messages [start, end) as objects (the note log, a transformer). */
  slice(start?: number, end?: number): TimedMessage[];
  /** Messages [start, end) as the JSON array text they go as. */
  json(start: number, end: number): string;
}

/** A batch of messages already made as objects (live loops, jobs, a transformer's answer). */
export function arrayBatch(messages: readonly TimedMessage[]): TimedBatch {
  return {
    length: messages.length,
    time: (i) => messages[i]!.t,
    part: (i) => messages[i]!.p ?? '',
    byte: (i, k) => messages[i]!.d[k] ?? 0,
    slice: (start, end) => messages.slice(start, end),
    json: (start, end) => JSON.stringify(messages.slice(start, end)),
  };
}

/** A batch as columns: message `i` at `t[i]`, its bytes packed in `d[i]` (see `packMessage`), of part `parts[p[i]]`. */
export interface BatchColumns {
  readonly t: Float64Array;
  readonly d: Uint32Array;
  readonly p: Uint16Array;
  readonly parts: readonly string[];
  /** The JSON text of each chunk of CHUNK messages, when made already (in the score thread). */
  readonly chunks?: readonly string[] | undefined;
}

export class PackedBatch implements TimedBatch {
  readonly columns: BatchColumns;

  constructor(columns: BatchColumns) {
    this.columns = columns;
  }

  /** The messages of a score's MIDI columns, in time order. */
  static of(messages: MessageColumns): PackedBatch {
    const { offsets, packed, parts, partIds } = messages;
    const order = sendingOrder(messages);
    const t = new Float64Array(order.length);
    const d = new Uint32Array(order.length);
    const p = new Uint16Array(order.length);
    order.forEach((index, i) => {
      t[i] = offsets[index]!;
      d[i] = packed[index]!;
      p[i] = parts[index]!;
    });
    return new PackedBatch({ t, d, p, parts: partIds });
  }

  get length(): number {
    return this.columns.t.length;
  }

  time(i: number): number {
    return this.columns.t[i]!;
  }

  part(i: number): string {
    return this.columns.parts[this.columns.p[i]!] ?? '';
  }

  byte(i: number, k: number): number {
    const packed = this.columns.d[i]!;
    return k < packed >>> 24 ? (packed >>> (8 * k)) & 0xff : 0;
  }

  slice(start = 0, end = this.length): TimedMessage[] {
    const { t, d, p, parts } = this.columns;
    const messages: TimedMessage[] = [];
    for (let i = start; i < Math.min(end, this.length); i++) messages.push({ t: t[i]!, d: messageData(d[i]!), p: parts[p[i]!]! });
    return messages;
  }

  json(start: number, end: number): string {
    const chunk = start / CHUNK;
    if (this.columns.chunks && Number.isInteger(chunk) && Math.min(end, this.length) === Math.min(start + CHUNK, this.length)) return this.columns.chunks[chunk]!;
    // Written from the columns, as JSON.stringify would write the objects, without making them.
    const { t, d, p, parts } = this.columns;
    const names = parts.map((part) => JSON.stringify(part));
    let text = '';
    for (let i = start; i < Math.min(end, this.length); i++) {
      const packed = d[i]!;
      const data = packed >>> 24 === 2 ? `${packed & 0xff},${(packed >> 8) & 0xff}` : `${packed & 0xff},${(packed >> 8) & 0xff},${(packed >> 16) & 0xff}`;
      text += `${text === '' ? '' : ','}{"t":${JSON.stringify(t[i])},"d":[${data}],"p":${names[p[i]!]}}`;
    }
    return `[${text}]`;
  }

  /** The same batch with each chunk's text made now: what the score thread hands over. */
  withChunks(): PackedBatch {
    const chunks: string[] = [];
    for (let start = 0; start < this.length; start += CHUNK) chunks.push(this.json(start, start + CHUNK));
    return new PackedBatch({ ...this.columns, chunks });
  }
}
