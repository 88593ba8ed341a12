import { connect, type Socket } from 'node:net';
import bencode from 'bencode';

export type Reply = Record<string, unknown>;

/**
 * A bencode client as Alda's editors are: one request, one reply, in order. Byte strings stay
 * bytes where a reply carries binary data (`binary-data`) and become text everywhere else.
 */
export class NreplClient {
  readonly #socket: Socket;
  readonly #waiting: ((reply: Reply) => void)[] = [];
  #pending: Buffer = Buffer.alloc(0);

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  static open(port: number): Promise<NreplClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new NreplClient(socket)));
      socket.once('error', reject);
    });
  }

  request(message: Record<string, unknown>, timeout = 10_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No reply to ${JSON.stringify(message)} in ${timeout} ms`)), timeout);
      this.#waiting.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.#socket.write(bencode.encode(message));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    for (;;) {
      let decoded: Record<string, unknown>;
      try {
        decoded = bencode.decode(this.#pending) as Record<string, unknown>;
      } catch {
        return;
      }
      const length = (bencode.decode as unknown as { position: number }).position;
      if (length > this.#pending.length) return;
      this.#pending = this.#pending.subarray(length);
      this.#waiting.shift()?.(asText(decoded) as Reply);
      if (this.#pending.length === 0) return;
    }
  }
}

function asText(value: unknown, key = ''): unknown {
  if (value instanceof Uint8Array) return key === 'binary-data' ? value : new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map((item) => asText(item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v, k)]));
  return value;
}
