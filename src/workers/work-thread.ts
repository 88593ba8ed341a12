import { parentPort, workerData } from 'node:worker_threads';
import { loadHandler } from './handlers.js';
import { ServiceFailure } from './service-handler.js';
import type { ThreadReply, ThreadRequest } from './thread-messages.js';
import { encode } from '../protocol/envelope.js';

/**
 * The thread a worker process does its work in. The process's main thread keeps the link to the
 * broker (heartbeats, requests) responsive while this one compiles or renders for seconds: a
 * worker that is busy is not a worker that is dead. A stopped or killed process stops both.
 */
const handler = await loadHandler((workerData as { service: string }).service);
const port = parentPort!;

function post(type: 'partial' | 'final' | 'error', id: string, fields: Record<string, unknown>): void {
  const text = encode({ type, id, ...fields });
  const reply: ThreadReply = { type, id, text, bytes: Buffer.byteLength(text) };
  port.postMessage(reply);
}

port.on('message', (request: ThreadRequest) => {
  void handler(request.body, (body) => post('partial', request.id, { body })).then(
    (body) => post('final', request.id, { body }),
    (error: unknown) => {
      if (error instanceof ServiceFailure) post('error', request.id, { code: error.code, message: error.message });
      else post('error', request.id, { code: 'ALDA_INTERNAL', message: `Something went wrong in the worker; this is a bug: ${(error as Error).stack ?? String(error)}` });
    },
  );
});
port.postMessage({ type: 'started' } satisfies ThreadReply);
