/**
 * Bytes written into one reused buffer and handed out a chunk at a time: a big output
 * (`parse -o data` of a 1 MB score is 45 MB) then makes no string and no buffer per piece.
 * The buffer's first `scratch` bytes are the writer's user's own (texts it copies from with
 * `copyWithin`, which copies only within one array) and are never handed out. A hot loop asks
 * for `room`, writes into the buffer it gets from `at` on, and says where it stopped with
 * `wrote`. `flush` sees a view of the buffer that is valid only until it returns: it must
 * write or copy it at once.
 */
export class ByteWriter {
  static readonly CHUNK = 1 << 17;
  readonly #scratch: number;
  #buffer: Uint8Array;
  readonly #flush: (bytes: Uint8Array) => void;
  #length: number;

  constructor(flush: (bytes: Uint8Array) => void, scratch = 0) {
    this.#flush = flush;
    this.#scratch = scratch;
    this.#buffer = new Uint8Array(scratch + ByteWriter.CHUNK);
    this.#length = scratch;
  }

  /** Where the next byte goes in the buffer that `room` returns. */
  get at(): number {
    return this.#length;
  }

  /**
   * The buffer, with at least `count` bytes free from `at` on (what was written is handed over
   * first if they would not fit). A bigger buffer, if one is made, has the scratch bytes too.
   */
  room(count: number): Uint8Array {
    if (this.#length + count > this.#buffer.length) {
      this.#spill();
      if (this.#scratch + count > this.#buffer.length) {
        const bigger = new Uint8Array(this.#scratch + count);
        bigger.set(this.#buffer.subarray(0, this.#scratch));
        this.#buffer = bigger;
      }
    }
    return this.#buffer;
  }

  /** The bytes up to `end` of the buffer that `room` returned are written. */
  wrote(end: number): void {
    this.#length = end;
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    this.#spill();
    this.#flush(Buffer.from(text, 'utf8'));
  }

  /** Hands over everything written so far. */
  end(): void {
    this.#spill();
  }

  #spill(): void {
    if (this.#length === this.#scratch) return;
    this.#flush(this.#buffer.subarray(this.#scratch, this.#length));
    this.#length = this.#scratch;
  }
}

/** Copies `source` into `target` at `at`, and returns where it ends. */
export function putBytes(target: Uint8Array, at: number, source: Uint8Array): number {
  target.set(source, at);
  return at + source.length;
}

const ENCODER = new TextEncoder();

/**
 * ASCII text as bytes (one a character, as UTF-8 has it), for the constant pieces of an output:
 * made by the hundred as the writer loads, where a mapping `Uint8Array.from` took ≈1.5 ms.
 */
export function asciiBytes(text: string): Uint8Array {
  return ENCODER.encode(text);
}
