import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ourScript } from '../processes/our-script.js';
import type { ThreadReply } from './thread-messages.js';

/** The work thread of a worker process, seen from its main thread. */
export class WorkThreadHost {
  readonly #worker: Worker;
  readonly started: Promise<void>;

  constructor(service: string, onReply: (reply: Exclude<ThreadReply, { type: 'started' }>) => void, onExit: (code: number) => void) {
    const path = ourScript('./work-thread', import.meta.url).args.at(-1)!;
    // Under tsx (tests, running from sources) the thread needs tsx's loader registered in it first.
    this.#worker = path.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })`, {
          eval: true,
          workerData: { service },
        })
      : new Worker(path, { workerData: { service } });
    this.started = new Promise((resolve) => {
      this.#worker.on('message', (reply: ThreadReply) => {
        if (reply.type === 'started') resolve();
        else onReply(reply);
      });
    });
    // An uncaught error ends the thread; its exit ends the process, and the broker gives the request to another worker.
    this.#worker.on('error', (error) => process.stderr.write(`The work thread failed: ${error.stack ?? String(error)}\n`));
    this.#worker.once('exit', onExit);
  }

  run(id: string, body: Record<string, unknown>): void {
    this.#worker.postMessage({ id, body });
  }
}
