import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { filterStderr } from '../processes/stderr-filter.js';
import type { Handoff } from '../protocol/performer-handoff.js';

/** The fds a server is started with when its launching client started its first performer beside it (src/client/launch-server.ts). */
const FDS = { handoff: 3, stderr: 4 } as const;

/**
 * A performer process that a client started at the same moment as this server, so that the two
 * boot side by side instead of one after the other: the server's first spare. It is not our
 * child; what ties us is a pair of pipes, held by nobody else. On its stdin (our fd 3) we write
 * where to connect and the token, once we listen, and hold it open for as long as we live: its
 * end tells the performer we are gone. Its stderr (our fd 4) comes to our log, and its end tells
 * us the performer is gone. To the pool it is one of its own, as a spawned child is. `log` gets
 * its stderr's lines (ALSA's noise taken out), each behind its worker id.
 */
export class AdoptedPerformer extends EventEmitter {
  /** What tells it from a spawned child (`isAdopted`). */
  readonly adopted = true;
  /** Known once it says `ready`; until then it is stopped through its stdin. */
  pid: number | undefined;
  /** What ended it cannot be read from a pipe: only that it ended. */
  readonly exitCode = null;
  readonly signalCode = null;
  #ended = false;
  #worker: string | undefined;
  readonly #handoff: Socket;

  constructor(log: (line: string) => void) {
    super();
    this.#handoff = new Socket({ fd: FDS.handoff, readable: false, writable: true });
    // A write after the performer died is no news: its stderr's end says so.
    this.#handoff.on('error', () => undefined);
    const stderr = new Socket({ fd: FDS.stderr, readable: true, writable: false });
    stderr.on('error', () => undefined);
    stderr.once('close', () => {
      this.#ended = true;
      this.#handoff.destroy();
      this.emit('exit', null, null);
    });
    filterStderr(stderr, (line) => log(`[${this.#worker ?? 'performer'}] ${line}`));
  }

  /** Tells it where to connect and with what token. */
  handOff(handoff: Handoff): void {
    this.#worker = handoff.worker;
    this.#handoff.write(JSON.stringify(handoff) + '\n');
  }

  /** A listener for `exit` added once it has ended is called at once (next tick), as the pool expects of a child that exited before it was watched. */
  override once(event: string | symbol, listener: (...args: unknown[]) => void): this {
    if (event === 'exit' && this.#ended) process.nextTick(listener, null, null);
    else super.once(event, listener);
    return this;
  }

  /**
   * Ends it: with the signal once its pid is known, else by closing its stdin (before it has
   * connected it is waiting there, and leaves at its end).
   */
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.#ended) return false;
    this.#handoff.destroy();
    if (this.pid === undefined) return true;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether a performer process was handed to us rather than spawned. Not `instanceof`: in the build
 * the entry point that makes it and the pool that asks are two bundles, each with its own copy of
 * the class (scripts/bundle-cli.mjs).
 */
export const isAdopted = (child: object): child is AdoptedPerformer => 'adopted' in child;
