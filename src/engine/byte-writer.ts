/**
 * Text written out as bytes through one reused buffer: a big output (`parse -o data` of a
 * 1 MB score is 45 MB) then makes no buffer per chunk. ASCII text is gathered as one
 * string (joining strings is the cheapest thing JavaScript does) and copied into the buffer
 * a chunk at a time; one copy per small piece costs more than the pieces themselves.
 * `flush` sees a view of the buffer that is valid only until it returns: it must write or
 * copy it at once.
 */
export class ByteWriter {
  static readonly CHUNK = 1 << 16;
  #buffer = Buffer.allocUnsafe(ByteWriter.CHUNK);
  readonly #flush: (bytes: Uint8Array) => void;
  #pending = '';

  constructor(flush: (bytes: Uint8Array) => void) {
    this.#flush = flush;
  }

  /** Text known to be ASCII (JSON keys, numbers, generated ids). */
  ascii(text: string): void {
    this.#pending += text;
    if (this.#pending.length >= ByteWriter.CHUNK) this.#spill();
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
    const length = this.#pending.length;
    if (length === 0) return;
    if (length > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(length);
    this.#flush(this.#buffer.subarray(0, this.#buffer.write(this.#pending, 0, 'latin1')));
    this.#pending = '';
  }
}
