import type { Worker } from 'node:worker_threads';
import { ourThread } from '../processes/our-thread.js';
import type { ThreadReply } from './thread-messages.js';

type Reply = Exclude<ThreadReply, { type: 'started' }>;

/** The work thread of a worker process, seen from its main thread. */
export class WorkThreadHost {
  readonly #service: string;
  readonly #onReply: (reply: Reply) => void;
  readonly #onExit: (code: number) => void;
  #worker: Worker;
  /** Settles once the current thread is ready for work. */
  started: Promise<void> = Promise.resolve();

  constructor(service: string, onReply: (reply: Reply) => void, onExit: (code: number) => void) {
    this.#service = service;
    this.#onReply = onReply;
    this.#onExit = onExit;
    this.#worker = this.#start();
  }

  run(id: string, body: Record<string, unknown>): void {
    this.#worker.postMessage({ id, body });
  }

  /**
   * Stops the work under way at once, by putting a fresh thread in this one's place: a render or
   * a compile runs without yielding, so it cannot be asked to stop from inside.
   */
  restart(): void {
    const old = this.#worker;
    this.#worker = this.#start();
    void old.terminate();
  }

  #start(): Worker {
    const worker = ourThread('./work-thread', import.meta.url, { service: this.#service });
    this.started = new Promise((resolve) => {
      worker.on('message', (reply: ThreadReply) => {
        if (reply.type === 'started') resolve();
        else if (worker === this.#worker) this.#onReply(reply);
      });
    });
    // An uncaught error ends the thread; its exit ends the process, and the broker gives the request to another worker.
    worker.on('error', (error) => process.stderr.write(`The work thread failed: ${error.stack ?? String(error)}\n`));
    worker.once('exit', (code) => {
      if (worker === this.#worker) this.#onExit(code);
    });
    return worker;
  }
}
