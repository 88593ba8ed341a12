import { randomBytes } from 'node:crypto';

/** How long a code may wait for its page, in ms: a browser that takes longer to start is asked to try again. */
const CODE_LIFETIME = 60_000;

/**
 * One-time codes that a page trades for the token (POST /auth), so that the token itself is never
 * in a URL, where a log, a Referer or the history would keep it. A code is good once, for a minute.
 */
export class PageCodes {
  readonly #codes = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  mint(): string {
    this.#forgetExpired();
    const code = randomBytes(18).toString('base64url');
    this.#codes.set(code, this.#now() + CODE_LIFETIME);
    return code;
  }

  /** True once for a code minted here and not expired; the code is spent either way. */
  redeem(code: string): boolean {
    const expires = this.#codes.get(code);
    this.#codes.delete(code);
    return expires !== undefined && this.#now() <= expires;
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [code, expires] of this.#codes) if (expires < now) this.#codes.delete(code);
  }
}
