import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Backoff } from '../../protocol/backoff.js';

export interface ChildWorkersOptions {
  readonly service: string;
  /** How many processes to keep running. */
  readonly count: number;
  /** Starts a worker process that will connect back as worker `id`. */
  readonly spawn: (id: string) => ChildProcess;
  readonly log: (line: string) => void;
}

/**
 * A small pool of worker processes of one service, started by the server, so that a heavy
 * compile or render runs beside its message loop rather than in it. A process that exits is
 * replaced (after a pause that doubles, from 100 ms to 5 s, while they keep dying young).
 */
export class ChildWorkers {
  readonly #options: ChildWorkersOptions;
  readonly #children = new Map<string, ChildProcess>();
  readonly #backoff = new Backoff(100, 5000);
  #restart: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ChildWorkersOptions) {
    if (!(Number.isInteger(options.count) && options.count >= 0 && options.count <= 64)) {
      throw new TypeError(`Expected \`count\` of ${options.service} workers to be an integer from 0 to 64, got ${options.count} (${typeof options.count})`);
    }
    this.#options = options;
    this.#topUp();
  }

  get pids(): number[] {
    return [...this.#children.values()].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Kills a worker found silent (it may be stopped, not dead); its exit starts a replacement. */
  kill(id: string): void {
    this.#children.get(id)?.kill('SIGKILL');
  }

  /** Asks every worker to exit (they get `disconnect` from the broker too) and waits for them, killing stragglers after 2 s. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    await Promise.all(
      [...this.#children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.#children.clear();
  }

  #topUp(): void {
    while (!this.#closed && this.#children.size < this.#options.count) {
      const id = `${this.#options.service}-${randomUUID().slice(0, 8)}`;
      let child: ChildProcess;
      try {
        child = this.#options.spawn(id);
      } catch (error) {
        this.#options.log(`Could not start a ${this.#options.service} worker: ${(error as Error).message}`);
        return;
      }
      const started = Date.now();
      this.#children.set(id, child);
      child.once('error', (error) => this.#options.log(`${this.#options.service} worker ${id} failed: ${error.message}`));
      child.once('exit', (code, signal) => {
        this.#children.delete(id);
        if (this.#closed) return;
        this.#options.log(`${this.#options.service} worker ${id} (pid ${child.pid}) exited (${signal ?? code}); replacing it`);
        if (Date.now() - started > 10_000) this.#backoff.reset();
        clearTimeout(this.#restart);
        this.#restart = setTimeout(() => this.#topUp(), this.#backoff.next());
      });
    }
  }
}
