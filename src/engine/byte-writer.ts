/**
 * Bytes written into one reused buffer and handed out a chunk at a time: a big output
 * (`parse -o data` of a 1 MB score is 45 MB) then makes no string and no buffer per piece.
 * A hot loop asks for `room`, writes into the buffer it gets from `at` on (with `putBytes`,
 * `NumberTexts.put`), and says where it stopped with `wrote`. `flush` sees a view of the
 * buffer that is valid only until it returns: it must write or copy it at once.
 */
export class ByteWriter {
  static readonly CHUNK = 1 << 16;
  #buffer = new Uint8Array(ByteWriter.CHUNK);
  readonly #flush: (bytes: Uint8Array) => void;
  #length = 0;

  constructor(flush: (bytes: Uint8Array) => void) {
    this.#flush = flush;
  }

  /** Where the next byte goes in the buffer that `room` returns. */
  get at(): number {
    return this.#length;
  }

  /** The buffer, with at least `count` bytes free from `at` on (what was written is handed over first if they would not fit). */
  room(count: number): Uint8Array {
    if (this.#length + count > this.#buffer.length) {
      this.#spill();
      if (count > this.#buffer.length) this.#buffer = new Uint8Array(count);
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
    if (this.#length === 0) return;
    this.#flush(this.#buffer.subarray(0, this.#length));
    this.#length = 0;
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
