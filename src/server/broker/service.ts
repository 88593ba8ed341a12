import type { WebSocket } from 'ws';
import type { Liveness } from '../../protocol/liveness.js';

type Body = Record<string, unknown>;

/** A request on its way through the broker: queued, then on a worker, until its one answer. */
export interface PendingRequest {
  /** The broker's own id for it, the one its worker sees. */
  readonly id: string;
  readonly service: string;
  readonly body: Body;
  readonly onPartial: ((body: Body) => void) | undefined;
  readonly expiry: number;
  readonly resolve: (body: Body) => void;
  readonly reject: (error: Error) => void;
  /** How many workers it was given to. */
  attempts: number;
  /** Set while it waits in the queue. */
  timer: NodeJS.Timeout | undefined;
  /** Its asker gave it up: answered already, never given to another worker. */
  cancelled: boolean;
}

/** A connected worker of one service, as the broker knows it. Liveness lives here, not on the socket. */
export interface ServiceWorker {
  readonly id: string;
  readonly service: string;
  readonly pid: number;
  readonly socket: WebSocket;
  readonly liveness: Liveness;
  /** The request it is working on; a worker takes one at a time. */
  current: PendingRequest | undefined;
  /** How many requests it has finished. */
  served: number;
}

/**
 * One service: its workers, the idle ones in least-recently-used order (the front has waited
 * longest, so it gets the next request: work spreads over every worker), and the requests that
 * wait for a worker, oldest first.
 */
export class Service {
  readonly name: string;
  readonly workers = new Set<ServiceWorker>();
  readonly idle: ServiceWorker[] = [];
  readonly queue: PendingRequest[] = [];

  constructor(name: string) {
    this.name = name;
  }

  remove(worker: ServiceWorker): void {
    this.workers.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }

  unqueue(request: PendingRequest): boolean {
    const at = this.queue.indexOf(request);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    return true;
  }
}
