import { systemClock, type Clock } from '../clock.js';
import { LinkClock } from './link-clock.js';
import { LinkProcess } from './link-process.js';

/** Link as the status line shows it. */
export interface LinkStatus {
  readonly peers: number;
  readonly tempo: number;
  readonly beat: number;
  readonly phase: number;
  readonly quantum: number;
}

/**
 * The clock each session of a performer plays on: the system's, or, with `--link`, Link's. The
 * Link clock process is kept from one linked session to the next (joining takes up to a second),
 * and left (enable(false)) when a session wants none or another quantum, and at exit.
 */
export class SessionClocks {
  /** The clock of a session without Link: the system's, or it traced (src/performer/loop-trace.ts). */
  readonly #system: Clock;
  #link: LinkProcess | undefined;
  #current: Clock;

  constructor(system: Clock = systemClock) {
    this.#system = system;
    this.#current = system;
  }

  async open(link: { readonly quantum: number } | undefined): Promise<Clock> {
    if (this.#link && (link === undefined || link.quantum !== this.#link.quantum || this.#link.state === undefined)) await this.close();
    if (link === undefined) return (this.#current = this.#system);
    this.#link ??= await LinkProcess.start(link.quantum);
    return (this.#current = new LinkClock(this.#link));
  }

  /** Link's state for the current session, if it plays on Link. */
  status(): LinkStatus | undefined {
    return this.#current instanceof LinkClock ? this.#current.status() : undefined;
  }

  async close(): Promise<void> {
    const link = this.#link;
    this.#link = undefined;
    this.#current = this.#system;
    await link?.close();
  }
}
