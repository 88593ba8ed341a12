/**
 * Why the broker could not get an answer to a request. A worker's own error (a score that does
 * not compile) keeps the worker's code; these are the broker's:
 *
 * - `ALDA_SERVICE_EXPIRED`: no worker of the service took the request in time;
 * - `ALDA_QUEUE_FULL`: too many requests are waiting for the service;
 * - `ALDA_WORKER_GONE`: the request was given to workers that died, `maxAttempts` times;
 * - `ALDA_BROKER_CLOSED`: the server is shutting down;
 * - `ALDA_NOT_A_BROKER_SERVICE`: a `request` for `performer`, which sessions drive.
 */
export class BrokerError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'BrokerError';
    this.code = code;
  }
}
