import { randomBytes } from 'node:crypto';
import { sameSecret } from './same-secret.js';

export interface PageKeysOptions {
  /** How long a one-time code may wait to be exchanged, in ms. @default 120000 */
  readonly codeLifetime?: number;
  /** Codes not yet exchanged, at most; the oldest goes first. @default 16 */
  readonly maxCodes?: number;
  /** Page credentials held, at most; the least recently presented goes first. @default 256 */
  readonly maxCredentials?: number;
  readonly now?: () => number;
}

/**
 * How the live-coding page gets in without the server's token ever being in a URL:
 *
 *   alda-live page ──(token)── `page` request ──▶ server mints a one-time code
 *   browser opens http://127.0.0.1:PORT/#code=CODE   (a fragment: never sent, never in a Referer)
 *   page ── POST /credential {code} (Origin: the server's own) ──▶ a page credential; the code is spent
 *   page ── WebSocket, subprotocols [alda-live, alda-live.credential.CRED] ──▶ a client like any other
 *
 * A code is good once, for a couple of minutes; a credential for the server's life. Both are
 * random (24 bytes), and compared in constant time.
 */
export class PageKeys {
  readonly #codes = new Map<string, number>();
  readonly #credentials: string[] = [];
  readonly #lifetime: number;
  readonly #maxCodes: number;
  readonly #maxCredentials: number;
  readonly #now: () => number;

  constructor(options: PageKeysOptions = {}) {
    this.#lifetime = options.codeLifetime ?? 120_000;
    this.#maxCodes = options.maxCodes ?? 16;
    this.#maxCredentials = options.maxCredentials ?? 256;
    this.#now = options.now ?? Date.now;
  }

  /** A fresh one-time code, and how long it is good for (ms). */
  issue(): { code: string; lifetime: number } {
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, this.#now() + this.#lifetime);
    for (const oldest of this.#codes.keys()) {
      if (this.#codes.size <= this.#maxCodes) break;
      this.#codes.delete(oldest);
    }
    return { code, lifetime: this.#lifetime };
  }

  /** The credential for a code still good (which is then spent), or undefined. */
  redeem(code: string): string | undefined {
    const match = [...this.#codes.keys()].find((candidate) => sameSecret(candidate, code));
    if (match === undefined) return undefined;
    const expires = this.#codes.get(match)!;
    this.#codes.delete(match);
    if (this.#now() > expires) return undefined;
    const credential = randomBytes(24).toString('base64url');
    this.#credentials.push(credential);
    if (this.#credentials.length > this.#maxCredentials) this.#credentials.shift();
    return credential;
  }

  /**
   * Whether a page presents a credential this server gave. One presented goes to the back of the
   * line: the server signs in every browser performer it starts, and the credential that makes
   * room for a new one is the least recently used, not the open page's.
   */
  accepts(credential: string): boolean {
    const index = this.#credentials.findIndex((candidate) => sameSecret(candidate, credential));
    if (index < 0) return false;
    this.#credentials.push(...this.#credentials.splice(index, 1));
    return true;
  }
}
