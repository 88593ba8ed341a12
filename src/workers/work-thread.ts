import { parentPort, workerData } from 'node:worker_threads';
import { loadHandler } from './handlers.js';
import { ServiceFailure } from './service-handler.js';
import type { ThreadReply, ThreadRequest } from './thread-messages.js';

/**
 * The thread a worker process does its work in. The process's main thread keeps the link to the
 * broker (heartbeats, requests) responsive while this one compiles or renders for seconds: a
 * worker that is busy is not a worker that is dead. A stopped or killed process stops both.
 */
const handler = await loadHandler((workerData as { service: string }).service);
const port = parentPort!;
const post = (reply: ThreadReply) => port.postMessage(reply);

port.on('message', (request: ThreadRequest) => {
  void handler(request.body, (body) => post({ type: 'partial', id: request.id, body })).then(
    (body) => post({ type: 'final', id: request.id, body }),
    (error: unknown) => {
      if (error instanceof ServiceFailure) post({ type: 'error', id: request.id, code: error.code, message: error.message });
      else post({ type: 'error', id: request.id, code: 'ALDA_INTERNAL', message: `Something went wrong in the worker; this is a bug: ${(error as Error).stack ?? String(error)}` });
    },
  );
});
post({ type: 'started' });
