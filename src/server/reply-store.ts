/**
 * Replies by request id, so that a client retrying a request (lazy pirate) gets the first answer
 * again instead of a second evaluation. A repeat that arrives while the first is still being
 * worked on waits for the same answer. The oldest entries go first once `limit` is reached.
 */
export class ReplyStore {
  readonly #replies = new Map<string, Promise<string>>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    if (!(Number.isInteger(limit) && limit >= 1)) {
      throw new TypeError(`Expected \`limit\` to be an integer of at least 1, got ${limit} (${typeof limit})`);
    }
    this.#limit = limit;
  }

  /** The stored reply to `id`, or the reply `work` produces, stored for the next time. */
  answer(id: string, work: () => Promise<string>): Promise<string> {
    const stored = this.#replies.get(id);
    if (stored) return stored;
    const reply = work();
    this.#replies.set(id, reply);
    if (this.#replies.size > this.#limit) this.#replies.delete(this.#replies.keys().next().value!);
    return reply;
  }

  has(id: string): boolean {
    return this.#replies.has(id);
  }
}
