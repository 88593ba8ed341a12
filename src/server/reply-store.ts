import { createHash } from 'node:crypto';
import { encode } from '../protocol/envelope.js';

export interface ReplyStoreOptions {
  /**
   * How long a reply is kept once sent, in ms: longer than a client's whole retry budget (3
   * attempts of 2.5 s with backoff; the REPL's reconnections), so that a retry always finds it.
   * @default 60000
   */
  readonly window?: number;
  /** Replies kept per client; past it the oldest go first. @default 1024 */
  readonly perClient?: number;
  /** Bytes of replies kept in all; past it the oldest go first. @default 64 MiB */
  readonly maxBytes?: number;
  readonly now?: () => number;
}

interface Entry {
  /** The request's text, or a digest of a long one: a repeat must carry the same request. */
  readonly digest: string;
  readonly reply: Promise<string>;
  /** When the reply was made (undefined while it is being worked on). */
  settledAt: number | undefined;
  bytes: number;
  readonly serial: number;
}

/**
 * Replies by request id, so that a client retrying a request (lazy pirate) gets the first answer
 * again instead of a second evaluation; a repeat that arrives while the first is still being
 * worked on waits for the same answer. Ids are `CLIENT:SEQ` and kept per client (under the token
 * the client presented), each for `window` ms after its reply; a repeated id whose request
 * differs is refused (ALDA_REPEATED_ID) rather than answered with another request's reply.
 */
export class ReplyStore {
  readonly #clients = new Map<string, Map<string, Entry>>();
  readonly #window: number;
  readonly #perClient: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;
  /**
   * Every settled reply, in the order they settled: the oldest expire first, without a look at
   * every client. By its serial, not the entry, so that one trimmed does not stay in memory.
   */
  #settled: { readonly client: string; readonly id: string; readonly serial: number; readonly at: number }[] = [];
  #serials = 0;
  /** How many of `#settled`, from its start, are gone. */
  #expired = 0;

  constructor(options: ReplyStoreOptions = {}) {
    const { window = 60_000, perClient = 1024, maxBytes = 64 * 1024 * 1024 } = options;
    for (const [name, value] of Object.entries({ window, perClient, maxBytes })) {
      if (!(Number.isInteger(value) && value >= 1)) {
        throw new TypeError(`Expected \`${name}\` to be an integer of at least 1, got ${value} (${typeof value})`);
      }
    }
    this.#window = window;
    this.#perClient = perClient;
    this.#maxBytes = maxBytes;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The stored reply to `id` from the holder of `scope`, or the reply `work` produces, stored for a repeat. */
  answer(scope: string, id: string, request: string, work: () => Promise<string>): Promise<string> {
    this.#expire();
    const client = `${scope}\n${id.slice(0, Math.max(id.lastIndexOf(':'), 0))}`;
    let entries = this.#clients.get(client);
    const digest = fingerprint(request);
    const stored = entries?.get(id);
    if (stored) {
      if (stored.digest === digest) return stored.reply;
      return Promise.resolve(
        encode({ type: 'error', id, code: 'ALDA_REPEATED_ID', message: `Request id ${id} was used before for another request; each request needs an id of its own` }),
      );
    }
    if (!entries) this.#clients.set(client, (entries = new Map()));
    const entry: Entry = { digest, reply: work(), settledAt: undefined, bytes: 0, serial: ++this.#serials };
    entries.set(id, entry);
    void entry.reply.then((reply) => {
      entry.settledAt = this.#now();
      entry.bytes = reply.length;
      this.#bytes += reply.length;
      this.#settled.push({ client, id, serial: entry.serial, at: entry.settledAt });
      this.#trim(client);
    });
    return entry.reply;
  }

  /** Replies kept now (for tests of the store's bounds). */
  get size(): number {
    let size = 0;
    for (const entries of this.#clients.values()) size += entries.size;
    return size;
  }

  #trim(client: string): void {
    const entries = this.#clients.get(client);
    if (entries) {
      for (const [id, entry] of entries) {
        if (entries.size <= this.#perClient) break;
        if (entry.settledAt !== undefined) this.#drop(entries, id, entry);
      }
    }
    this.#dropOldest(() => this.#bytes > this.#maxBytes);
  }

  #expire(): void {
    const horizon = this.#now() - this.#window;
    this.#dropOldest((at) => at <= horizon);
  }

  /** Drops settled replies, the oldest of all clients' first, while `more` says so of the next. */
  #dropOldest(more: (settledAt: number) => boolean): void {
    const settled = this.#settled;
    for (; this.#expired < settled.length && more(settled[this.#expired]!.at); this.#expired++) {
      const { client, id, serial } = settled[this.#expired]!;
      const entries = this.#clients.get(client);
      const entry = entries?.get(id);
      // Trimmed already (past the per-client bound), or replaced: nothing of it is left to drop.
      if (!entries || entry?.serial !== serial) continue;
      this.#drop(entries, id, entry);
      if (entries.size === 0) this.#clients.delete(client);
    }
    // The gone head is cut off now and then, not at every drop.
    if (this.#expired > 1024 && this.#expired * 2 > settled.length) {
      this.#settled = settled.slice(this.#expired);
      this.#expired = 0;
    }
  }

  #drop(entries: Map<string, Entry>, id: string, entry: Entry): void {
    entries.delete(id);
    this.#bytes -= entry.bytes;
  }
}

/**
 * What a repeat is compared by: a short request's text itself (a JSON object, never alike a
 * digest), a longer one's digest. A digest costs ~0.02 ms, most of what a short eval costs here.
 */
function fingerprint(request: string): string {
  return request.length <= 128 ? request : createHash('sha256').update(request).digest('base64url');
}
