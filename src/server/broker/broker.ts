import WebSocket from 'ws';
import { Liveness, type LivenessOptions } from '../../protocol/liveness.js';
import { BrokerError } from './broker-error.js';
import type { ServiceWorkerMessage } from '../../protocol/broker-messages.js';
import { schemas } from '../../protocol/schemas-on-demand.js';
import { Service, type PendingRequest, type ServiceWorker } from './service.js';
import { encode, PROTOCOL_VERSION } from '../../protocol/envelope.js';
import { chooseVersion } from '../../protocol/negotiation.js';

type Body = Record<string, unknown>;

export interface RequestOptions {
  /** How long it may wait for a worker, in ms; the broker's `expiry` unless told. */
  readonly expiry?: number | undefined;
  readonly onPartial?: ((body: Body) => void) | undefined;
  /** Gives the request up when aborted, with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** Why an aborted request was given up: the signal's reason when it is an Error. */
function cancellation(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && !(reason instanceof DOMException) ? reason : new BrokerError('ALDA_CANCELLED', 'The request was cancelled');
}

export interface BrokerOptions {
  readonly heartbeat?: LivenessOptions;
  /** How long a request may wait for a worker of its service, in ms. @default 10000 */
  readonly expiry?: number;
  /** Requests that may wait, per service. @default 100000 */
  readonly maxQueue?: number;
  /** Workers a request may be given to before it is abandoned (a request that kills every worker). @default 3 */
  readonly maxAttempts?: number;
  /** A worker went silent: its process should be killed (the broker only drops its link). */
  readonly onSilent?: (worker: ServiceWorker) => void;
  /** Services served elsewhere (the performer pool), for `mmi.service`: how many workers each has. */
  readonly otherServices?: Readonly<Record<string, () => number>>;
  readonly log: (line: string) => void;
}

export interface ServiceLookup {
  readonly service: string;
  /** Is there a live worker for it now? */
  readonly available: boolean;
  readonly workers: number;
  readonly idle: number;
  readonly queued: number;
}

/**
 * The majordomo broker: requests name a service, and go to that service's least recently used
 * idle worker, or wait in its queue (up to `expiry`) for one to become ready.
 *
 *   client ─request(service)─▶ broker ─request─▶ worker ─partial…─▶ broker ─▶ client
 *                                                       ─final───▶ broker ─▶ client (once)
 *
 * A worker that dies (its socket closes, it says `disconnect`, or it is silent for `liveness`
 * heartbeat intervals) loses its request to the front of the queue, for the next worker; an
 * answer from a worker that no longer holds the request is ignored, so a request has one answer.
 */
export class Broker {
  readonly #options: BrokerOptions;
  readonly #expiry: number;
  readonly #maxQueue: number;
  readonly #maxAttempts: number;
  readonly #services = new Map<string, Service>();
  readonly #bySocket = new Map<WebSocket, ServiceWorker>();
  readonly #ticker: NodeJS.Timeout;
  #sequence = 0;
  #closed = false;

  constructor(options: BrokerOptions) {
    const { expiry = 10_000, maxQueue = 100_000, maxAttempts = 3 } = options;
    if (!(Number.isInteger(expiry) && expiry > 0)) throw new TypeError(`Expected \`expiry\` to be a whole number of ms above 0, got ${expiry} (${typeof expiry})`);
    if (!(Number.isInteger(maxQueue) && maxQueue >= 0)) throw new TypeError(`Expected \`maxQueue\` to be an integer of at least 0, got ${maxQueue} (${typeof maxQueue})`);
    if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
      throw new TypeError(`Expected \`maxAttempts\` to be an integer of at least 1, got ${maxAttempts} (${typeof maxAttempts})`);
    }
    this.#options = options;
    this.#expiry = expiry;
    this.#maxQueue = maxQueue;
    this.#maxAttempts = maxAttempts;
    this.#ticker = setInterval(() => this.#tick(), new Liveness(options.heartbeat).interval);
  }

  /** Every worker now connected, for `ps` and tests. */
  get workers(): readonly ServiceWorker[] {
    return [...this.#bySocket.values()];
  }

  /** Has this connection announced itself as a worker of a service? */
  owns(socket: WebSocket): boolean {
    return this.#bySocket.has(socket);
  }

  /**
   * Sends `body` to a worker of `service`; resolves with its final body, or rejects with its error
   * or a BrokerError. Aborting `signal` gives the request up: it rejects at once with the signal's
   * reason, leaves the queue, or its worker is told to `cancel` (and takes no other request until
   * it has answered that it stopped).
   */
  request(service: string, body: Body, options: RequestOptions = {}): Promise<Body> {
    if (this.#closed) return Promise.reject(new BrokerError('ALDA_BROKER_CLOSED', 'The server is shutting down'));
    const target = this.#service(service);
    if (target.queue.length >= this.#maxQueue) {
      return Promise.reject(new BrokerError('ALDA_QUEUE_FULL', `${target.queue.length} requests already wait for service "${service}"`));
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancellation(signal));
    return new Promise((resolve, reject) => {
      const request: PendingRequest = {
        id: `b${++this.#sequence}`,
        service,
        body,
        onPartial: options.onPartial,
        expiry: options.expiry ?? this.#expiry,
        resolve,
        reject,
        attempts: 0,
        timer: undefined,
        cancelled: false,
      };
      signal?.addEventListener('abort', () => this.#cancel(target, request, cancellation(signal)), { once: true });
      this.#enqueue(target, request, false);
    });
  }

  /** `mmi.service`: is there a worker for `service`? */
  lookup(service: string): ServiceLookup {
    const other = this.#options.otherServices?.[service];
    if (other) {
      const workers = other();
      return { service, available: workers > 0, workers, idle: workers, queued: 0 };
    }
    const known = this.#services.get(service);
    const workers = known?.workers.size ?? 0;
    return { service, available: workers > 0, workers, idle: known?.idle.length ?? 0, queued: known?.queue.length ?? 0 };
  }

  /** A message from a connection that said, or now says, `ready SERVICE`. Bad messages are answered, not thrown. */
  receive(socket: WebSocket, value: unknown): void {
    const message = this.#validate(socket, value);
    if (!message) return;
    const worker = this.#bySocket.get(socket);
    if (message.type === 'ready') {
      if (worker) return void this.#send(socket, { type: 'error', code: 'ALDA_BAD_MESSAGE', message: 'This connection is already a worker' });
      this.#attach(socket, message);
      return;
    }
    if (!worker) return void this.#send(socket, { type: 'error', code: 'ALDA_BAD_MESSAGE', message: 'A worker says `ready` first' });
    worker.liveness.seen();
    switch (message.type) {
      case 'heartbeat':
        return;
      case 'disconnect':
        return this.#drop(worker, 'it said disconnect');
      case 'partial':
        if (worker.current?.id === message.id) worker.current.onPartial?.(message.body);
        return;
      case 'final':
      case 'error': {
        const request = worker.current;
        // An answer to a request it no longer holds (it was given up for dead meanwhile): the request has another worker now.
        if (request?.id !== message.id) return;
        worker.current = undefined;
        worker.served++;
        if (message.type === 'final') request.resolve(message.body);
        else request.reject(new BrokerError(message.code, message.message));
        this.#ready(worker);
        return;
      }
    }
  }

  /** The connection closed: its worker is gone, and its request goes to the next one. */
  disconnected(socket: WebSocket): void {
    const worker = this.#bySocket.get(socket);
    if (worker) this.#drop(worker, 'its connection closed');
  }

  /** Rejects everything waiting, tells every worker to leave, and stops the heartbeats. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ticker);
    const closing = new BrokerError('ALDA_BROKER_CLOSED', 'The server is shutting down');
    for (const worker of this.#bySocket.values()) {
      this.#send(worker.socket, { type: 'disconnect' });
      worker.current?.reject(closing);
      worker.current = undefined;
    }
    this.#bySocket.clear();
    for (const service of this.#services.values()) {
      for (const request of service.queue.splice(0)) {
        clearTimeout(request.timer);
        request.reject(closing);
      }
      service.workers.clear();
      service.idle.length = 0;
    }
  }

  #validate(socket: WebSocket, value: unknown): ServiceWorkerMessage | undefined {
    const parsed = schemas().serviceWorkerMessageSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    const id = (value as { id?: unknown } | null)?.id;
    this.#send(socket, { type: 'error', id: typeof id === 'string' ? id : undefined, code: 'ALDA_BAD_MESSAGE', message: `Invalid message${where}: ${issue.message}` });
    return undefined;
  }

  #attach(socket: WebSocket, ready: Extract<ServiceWorkerMessage, { type: 'ready' }>): void {
    let protocol: number;
    try {
      protocol = ready.protocol === undefined ? PROTOCOL_VERSION : chooseVersion(ready.protocol);
    } catch (error) {
      return void this.#send(socket, { type: 'error', code: 'ALDA_BAD_VERSION', message: (error as Error).message });
    }
    for (const old of this.#bySocket.values()) {
      if (old.id !== ready.worker) continue;
      // Another process under a connected worker's id is refused: it must not take over its request.
      if (old.pid !== ready.pid && old.socket.readyState === WebSocket.OPEN) {
        return void this.#send(socket, { type: 'error', code: 'ALDA_WORKER_ID_TAKEN', message: `Another worker (pid ${old.pid}) is connected as "${ready.worker}": choose another id` });
      }
      // The same worker coming back on a new connection: the old link is dead, whatever it still holds.
      this.#drop(old, 'it reconnected');
    }
    const worker: ServiceWorker = {
      id: ready.worker,
      service: ready.service,
      pid: ready.pid,
      socket,
      liveness: new Liveness(this.#options.heartbeat),
      current: undefined,
      served: 0,
    };
    this.#bySocket.set(socket, worker);
    this.#service(ready.service).workers.add(worker);
    if (ready.protocol) this.#send(socket, { type: 'welcome', protocol, heartbeat: worker.liveness.interval });
    this.#ready(worker);
  }

  /** The worker is free: it takes the oldest waiting request, or joins the back of the idle line. */
  #ready(worker: ServiceWorker): void {
    const service = this.#service(worker.service);
    const next = service.queue.shift();
    if (next) this.#dispatch(worker, next);
    else service.idle.push(worker);
  }

  #enqueue(service: Service, request: PendingRequest, front: boolean): void {
    const worker = service.idle.shift();
    if (worker) return this.#dispatch(worker, request);
    request.timer = setTimeout(() => {
      if (!service.unqueue(request)) return;
      const none = service.workers.size === 0 ? `there is no worker of service "${service.name}"` : `every worker of service "${service.name}" stayed busy`;
      request.reject(new BrokerError('ALDA_SERVICE_EXPIRED', `The request expired after ${request.expiry / 1000} s in the queue: ${none}`));
    }, request.expiry);
    if (front) service.queue.unshift(request);
    else service.queue.push(request);
  }

  #cancel(service: Service, request: PendingRequest, reason: Error): void {
    if (request.cancelled) return;
    request.cancelled = true;
    if (service.unqueue(request)) clearTimeout(request.timer);
    for (const worker of service.workers) {
      if (worker.current === request) this.#send(worker.socket, { type: 'cancel', id: request.id });
    }
    request.reject(reason);
  }

  #dispatch(worker: ServiceWorker, request: PendingRequest): void {
    clearTimeout(request.timer);
    request.timer = undefined;
    request.attempts++;
    worker.current = request;
    this.#send(worker.socket, { type: 'request', id: request.id, service: request.service, body: request.body });
    worker.liveness.sent();
  }

  #drop(worker: ServiceWorker, why: string): void {
    if (this.#bySocket.get(worker.socket) !== worker) return;
    this.#bySocket.delete(worker.socket);
    const service = this.#service(worker.service);
    service.remove(worker);
    const request = worker.current;
    worker.current = undefined;
    if (worker.socket.readyState === WebSocket.OPEN) worker.socket.terminate();
    if (!request || request.cancelled) return;
    if (request.attempts >= this.#maxAttempts) {
      this.#options.log(`Request ${request.id} for ${service.name} lost ${request.attempts} workers; giving it up`);
      request.reject(new BrokerError('ALDA_WORKER_GONE', `Every worker given this request died (${request.attempts} of them); the last because ${why}`));
    } else {
      this.#options.log(`Worker ${worker.id} (pid ${worker.pid}) of ${service.name} is gone (${why}); its request goes to another`);
      this.#enqueue(service, request, true);
    }
  }

  /** Every interval: heartbeats to the quiet links, and the silent workers dropped. */
  #tick(): void {
    for (const worker of [...this.#bySocket.values()]) {
      worker.liveness.check(() => {
        if (this.#bySocket.get(worker.socket) !== worker) return;
        this.#options.log(`Worker ${worker.id} (pid ${worker.pid}) of ${worker.service} is silent; dropping it`);
        this.#drop(worker, 'it went silent');
        this.#options.onSilent?.(worker);
      });
      if (worker.liveness.heartbeatDue()) {
        this.#send(worker.socket, { type: 'heartbeat' });
        worker.liveness.sent();
      }
    }
  }

  #service(name: string): Service {
    let service = this.#services.get(name);
    if (!service) this.#services.set(name, (service = new Service(name)));
    return service;
  }

  #send(socket: WebSocket, message: Record<string, unknown>): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(encode(message));
  }
}
